"""Linux packages from the one-folder build: a portable .tar.gz and a .deb made with dpkg-deb.

The .deb installs the folder under /opt/papertrail, the `papertrail` command in /usr/bin, a desktop
entry that offers "Open with Papertrail" for PDFs, and the icon in the hicolor theme. Its Depends are
the system libraries the folder does not carry, found the way dpkg-shlibdeps would (ldd, dpkg -S).
"""
from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "papertrail"
DESCRIPTION = """\
offline archive of correspondence for NGO and advocacy staff
 Papertrail keeps the letters and memos an organisation exchanges with companies,
 investors and officials. It reads who wrote to whom and when, finds any sentence in
 seconds, tags what was promised, claimed and rebutted, draws it on a timeline, and
 drafts follow-up letters whose quotations are checked word for word.
 .
 Everything stays on this computer: no network access, no account, no telemetry.
 Scanned pages are read with OCR when Tesseract (tesseract-ocr) is installed."""
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def linux_arch() -> tuple[str, str]:
    """(name used in the .tar.gz, Debian architecture) of this machine."""
    machine = platform.machine()
    return machine, {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def tarball(folder: Path, version: str, out: Path) -> Path:
    """papertrail-VERSION-linux-ARCH.tar.gz holding one folder: unpack anywhere, run ./papertrail."""
    name = f"{PACKAGE}-{version}-linux-{linux_arch()[0]}"
    target = out / f"{name}.tar.gz"
    readme = out / "README-tarball.txt"
    readme.write_text((HERE / "linux" / "README-tarball.txt").read_text(encoding="utf-8")
                      .replace("@VERSION@", version), encoding="utf-8")
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=name, filter=_normal_owner)
        tar.add(readme, arcname=f"{name}/README.txt", filter=_normal_owner)
        tar.add(HERE / "linux" / "papertrail.svg", arcname=f"{name}/papertrail.svg", filter=_normal_owner)
    readme.unlink()
    return target


def _normal_owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def deb(folder: Path, version: str, icons: Path, work: Path, out: Path) -> Path:
    """papertrail_VERSION_ARCH.deb, built from a staging root with dpkg-deb."""
    arch = linux_arch()[1]
    root = work / "deb-root"
    if root.exists():
        shutil.rmtree(root)
    opt = root / "opt" / PACKAGE
    shutil.copytree(folder, opt, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    # Relative, so the package also runs when unpacked into a scratch root (dpkg-deb -x).
    os.symlink(f"../../opt/{PACKAGE}/{PACKAGE}", root / "usr" / "bin" / PACKAGE)
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "papertrail.desktop", apps / "papertrail.desktop")
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "papertrail.svg", hicolor / "scalable" / "apps" / "papertrail.svg")
    for size in ICON_SIZES:
        (hicolor / f"{size}x{size}" / "apps").mkdir(parents=True)
        shutil.copy2(icons / f"papertrail-{size}.png", hicolor / f"{size}x{size}" / "apps" / "papertrail.png")
    metainfo = root / "usr" / "share" / "metainfo"
    metainfo.mkdir(parents=True)
    (metainfo / "papertrail.metainfo.xml").write_text(
        (HERE / "linux" / "papertrail.metainfo.xml").read_text(encoding="utf-8").replace("@VERSION@", version),
        encoding="utf-8")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "copyright", doc / "copyright")
    _normal_modes(root)

    control = root / "DEBIAN"
    control.mkdir()
    # Qt draws text with the system's fonts; a minimal system may have none.
    depends = ", ".join([f"libc6 (>= {_glibc()})", *system_packages(opt), "fonts-dejavu-core | fonts-liberation2"])
    fields = {
        "Package": PACKAGE, "Version": version, "Architecture": arch, "Section": "utils",
        "Priority": "optional", "Maintainer": "Papertrail developers <papertrail@localhost>",
        "Installed-Size": str(_size_kib(root)), "Depends": depends,
        "Recommends": "tesseract-ocr, tesseract-ocr-eng",
        "Suggests": "tesseract-ocr-spa, tesseract-ocr-fra",
        "Description": DESCRIPTION,
    }
    (control / "control").write_text("".join(f"{k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
    target = out / f"{PACKAGE}_{version}_{arch}.deb"
    # zstd is quick on two cores and read by dpkg since Debian 12 and Ubuntu 21.10.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", str(root), str(target)],
                   check=True, stdout=subprocess.DEVNULL)
    return target


def _normal_modes(root: Path) -> None:
    """0755 for folders and programs, 0644 for everything else, whatever the build left."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK) and _is_elf_program(path):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def _is_elf_program(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF" and not path.name.endswith((".so",)) and ".so." not in path.name


def _size_kib(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() or p.is_symlink()) // 1024 + 1


def _glibc() -> str:
    return platform.libc_ver()[1] or "2.36"


def system_packages(folder: Path) -> list[str]:
    """The Debian packages holding the shared libraries that the folder's programs need but do not carry."""
    folder = folder.resolve()
    lib_dirs = sorted({str(p.parent) for p in folder.rglob("*.so*")} | {str(folder / "_internal")})
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(lib_dirs))
    outside: set[str] = set()
    missing: set[str] = set()
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink() or not _is_elf(path):
            continue
        proc = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in proc.stdout.splitlines():
            m = re.match(r"\s*(\S+) => (\S+)", line)
            if not m:
                continue
            name, where = m.groups()
            if where == "not":
                missing.add(name)
            elif not where.startswith(str(folder)):
                outside.add(where)
    if missing:
        print(f"note: not on this machine, so not in Depends (only optional plugins need them): "
              f"{', '.join(sorted(missing))}")
    return sorted({_owner(lib) for lib in outside} - {"libc6"})


def _owner(lib: str) -> str:
    """The package that installed `lib`; dpkg knows each file under one of its merged-/usr names."""
    real = os.path.realpath(lib)
    names = {lib, real}
    for name in list(names):
        names.add(name[4:] if name.startswith("/usr/") else "/usr" + name)
    for name in sorted(names):
        proc = subprocess.run(["dpkg", "-S", name], capture_output=True, text=True)
        if proc.returncode == 0 and proc.stdout:
            return proc.stdout.split(":", 1)[0].split(",")[0].strip()
    raise SystemExit(f"error: {lib} belongs to no Debian package, so the .deb cannot depend on it; "
                     f"install it from Debian's packages and build again")


def _is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False
