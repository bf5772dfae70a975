"""The Linux packages made from a one-folder build: the .deb's files and fields, the .tar.gz's layout,
the desktop entry. A small stand-in folder (a real ELF program) replaces PyInstaller's output."""
import shutil
import subprocess
import sys
import tarfile

import pytest

from app import __version__
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402
import icons  # noqa: E402
import linux_packages  # noqa: E402

DESKTOP = ROOT / "packaging" / "linux" / "papertrail.desktop"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux packages")


@pytest.fixture
def folder(tmp_path):
    """What PyInstaller leaves: the program and _internal/ with the resources."""
    app = tmp_path / "dist" / "papertrail"
    (app / "_internal").mkdir(parents=True)
    shutil.copy2(shutil.which("true"), app / "papertrail")
    shutil.copytree(ROOT / "resources", app / "_internal" / "resources")
    return app


def test_deb_installs_the_app_its_command_desktop_entry_and_icons(folder, tmp_path, qapp):
    if not shutil.which("dpkg-deb"):
        pytest.skip("dpkg-deb is not installed")
    icons.render(tmp_path / "icons")
    out = tmp_path / "out"
    out.mkdir()
    deb = linux_packages.deb(folder, __version__, tmp_path / "icons", tmp_path / "work", out)
    assert deb.name == f"papertrail_{__version__}_{linux_packages.linux_arch()[1]}.deb"

    def field(name):
        return subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True).stdout.strip()
    assert field("Package") == "papertrail" and field("Version") == __version__
    assert field("Recommends").startswith("tesseract-ocr")
    assert field("Depends").startswith("libc6 (>= ")
    assert int(field("Installed-Size")) > 0
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True).stdout
    for path in ("./opt/papertrail/papertrail", "./opt/papertrail/_internal/resources/style/base.qss",
                 "./usr/share/applications/papertrail.desktop",
                 "./usr/share/icons/hicolor/scalable/apps/papertrail.svg",
                 "./usr/share/icons/hicolor/48x48/apps/papertrail.png",
                 "./usr/share/metainfo/papertrail.metainfo.xml", "./usr/share/doc/papertrail/copyright"):
        assert f" {path}" in listing, path
    assert "./usr/bin/papertrail -> ../../opt/papertrail/papertrail" in listing
    program = next(ln for ln in listing.splitlines() if ln.endswith("/opt/papertrail/papertrail"))
    assert program.startswith("-rwxr-xr-x root/root")
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    assert subprocess.run([str(root / "usr" / "bin" / "papertrail")]).returncode == 0   # the link resolves


def test_tarball_is_one_folder_named_with_the_version(folder, tmp_path):
    target = linux_packages.tarball(folder, __version__, tmp_path)
    name = f"papertrail-{__version__}-linux-{linux_packages.linux_arch()[0]}"
    assert target.name == f"{name}.tar.gz"
    with tarfile.open(target) as tar:
        names = tar.getnames()
        assert all(n == name or n.startswith(name + "/") for n in names)
        assert f"{name}/papertrail" in names and f"{name}/_internal/resources/demo/tags.json" in names
        readme = tar.extractfile(f"{name}/README.txt").read().decode()
        assert f"Papertrail {__version__}" in readme and "tesseract-ocr" in readme
        assert all(m.uid == 0 for m in tar.getmembers())


def test_desktop_entry_opens_pdfs_with_papertrail():
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    for line in ("Exec=papertrail %F", "MimeType=application/pdf;", "Icon=papertrail", "Terminal=false"):
        assert line in lines
    if shutil.which("desktop-file-validate"):
        proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout


def test_a_build_without_the_resources_is_refused(folder):
    build.check_folder(folder)   # complete: passes
    shutil.rmtree(folder / "_internal" / "resources" / "demo")
    with pytest.raises(SystemExit, match="missing resources/demo/tags.json"):
        build.check_folder(folder)
