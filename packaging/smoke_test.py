#!/usr/bin/env python3
"""Smoke test of the Linux packages: build them, unpack the .deb into a scratch root, and use the app
from there on a fresh home folder under Xvfb, with every Python on the machine hidden from it: start
it from its desktop entry (the welcome page), click "Open the demo archive", open a PDF with it as
"Open with Papertrail" does, take screenshots, quit; then the command line from the package. Exits 1
naming the step that failed.

Usage: python3 packaging/smoke_test.py [--skip-build] [--shots DIR]
Needs dpkg-deb, xvfb-run, xdotool and tesseract (the screen is read to find the demo button).
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402
from app.bootstrap import ensure_environment  # noqa: E402
from xsession import StepFailed  # noqa: E402

DEB = ROOT / "build" / "packages" / f"papertrail_{__version__}_amd64.deb"
TARBALL = ROOT / "build" / "packages" / f"papertrail-{__version__}-linux-x86_64.tar.gz"
DEMO_LETTERS = len(list((ROOT / "resources" / "demo").glob("*.txt")))
WINDOW = "Papertrail"


class Run:
    """The scratch root, home folder and environment the packaged app runs in."""

    def __init__(self, scratch: Path, shots: Path):
        self.scratch, self.shots = scratch, shots
        self.root = scratch / "root"
        self.home = scratch / "home"
        self.data = self.home / ".local" / "share"
        runtime = scratch / "run"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.env = {"HOME": str(self.home), "XDG_DATA_HOME": str(self.data),
                    "XDG_CONFIG_HOME": str(self.home / ".config"), "XDG_CACHE_HOME": str(self.home / ".cache"),
                    "XDG_RUNTIME_DIR": str(runtime), "PATH": f"{self.root}/usr/bin:/usr/bin:/bin",
                    "LANG": "C.UTF-8", "OMP_THREAD_LIMIT": "1", "QT_QPA_PLATFORM": "xcb"}
        for name in ("DISPLAY", "XAUTHORITY"):
            if os.environ.get(name):
                self.env[name] = os.environ[name]
        self.prefix = no_python_prefix()
        self.times: dict[str, float] = {}
        self.screen = None                 # xsession.Screen, once on the X display
        self.welcome = None                # (process, window) of the first start, used by the demo step
        self.demo_button = (0, 0)

    def command(self, *args: str) -> list[str]:
        return [*self.prefix, str(self.root / "usr" / "bin" / "papertrail"), *args]

    def cli(self, *args: str, ok: tuple[int, ...] = (0,)) -> str:
        proc = subprocess.run(self.command(*args), capture_output=True, text=True, env=self.env, timeout=300)
        if proc.returncode not in ok:
            raise StepFailed(f"papertrail {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
        return proc.stdout

    def desktop_exec(self, *files: str) -> list[str]:
        """The desktop entry's Exec line, with %F replaced by the files as a file manager does."""
        entry = (self.root / "usr" / "share" / "applications" / "papertrail.desktop").read_text(encoding="utf-8")
        line = next(ln[5:] for ln in entry.splitlines() if ln.startswith("Exec="))
        argv = []
        for part in shlex.split(line):
            argv.extend(files if part == "%F" else [part])
        exe = shutil.which(argv[0], path=self.env["PATH"])
        if not exe or not exe.startswith(str(self.root)):
            raise StepFailed(f"the desktop entry runs {argv[0]!r}, which the package does not install")
        return [*self.prefix, exe, *argv[1:]]

    def start(self, argv: list[str], label: str) -> tuple[subprocess.Popen, str]:
        from xsession import wait_window
        log = open(self.scratch / f"{label}.log", "w")
        start = time.monotonic()
        proc = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        window = wait_window(WINDOW, 90, proc)
        self.times[label] = time.monotonic() - start
        return proc, window


def no_python_prefix() -> list[str]:
    """A command prefix that runs a program in a private mount namespace where every Python
    installation on this machine is hidden, so the package proves it carries its own; [] (with a
    note) where namespaces are not allowed."""
    hide = {Path(sys.base_prefix), Path(sys.prefix), ROOT / ".venv"}
    hide = {p for p in hide if str(p) not in ("/usr", "/usr/local")}
    for parent in (Path("/usr/lib"), Path("/usr/local/lib"), Path.home() / ".pyenv" / "versions"):
        hide.update(parent.glob("python3*") if "versions" not in parent.name else parent.glob("*"))
    mounts = [f"mount -t tmpfs none {shlex.quote(str(p))}" for p in sorted(hide) if p.is_dir()]
    for folder in ("/usr/bin", "/usr/local/bin"):
        mounts += [f"mount --bind /dev/null {shlex.quote(str(p))}" for p in sorted(Path(folder).glob("python3*"))
                   if p.is_file() and not p.is_symlink()]
    script = " && ".join(mounts + ['exec "$@"'])
    prefix = ["unshare", "--mount", "sh", "-c", script, "sh"]
    probe = subprocess.run([*prefix, "sh", "-c", "! python3 -c 'import encodings' 2>/dev/null"],
                           capture_output=True)
    if probe.returncode != 0:
        print("note: cannot hide Python here (no mount namespaces); the app runs with it visible", flush=True)
        return []
    return prefix


def documents(archive: Path) -> int:
    """How many documents the archive holds, read without disturbing the app that writes it."""
    db = archive / "papertrail.db"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:   # not created yet, or busy
        return 0


def wait_documents(archive: Path, count: int, timeout: float, proc: subprocess.Popen) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if documents(archive) >= count:
            time.sleep(2)   # let the library list and the status bar catch up before the screenshot
            return
        if proc.poll() is not None:
            raise StepFailed(f"the app exited (code {proc.returncode}) before the archive had {count} documents")
        time.sleep(0.5)
    raise StepFailed(f"the archive {archive} has {documents(archive)} documents after {timeout:.0f} s, "
                     f"not {count}")


def make_pdfs(folder: Path) -> tuple[Path, Path]:
    """A typed letter and a scanned one (a page that is only a picture of text), made with PyMuPDF."""
    import pymupdf
    folder.mkdir(parents=True, exist_ok=True)
    letter, scan = folder / "smoke-letter.pdf", folder / "smoke-scan.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "Harbourline Ports Ltd", fontsize=16)
    page.insert_text((72, 130), "12 May 2023", fontsize=11)
    page.insert_text((72, 170), "Dear Ms Okafor,", fontsize=11)
    page.insert_text((72, 200), "We commit to publishing the grievance log for the smoke harbour.", fontsize=11)
    page.insert_text((72, 240), "Yours sincerely,", fontsize=11)
    page.insert_text((72, 260), "Dana Whitfield, Harbourline Ports Ltd", fontsize=11)
    doc.save(letter)
    src = pymupdf.open()
    src.new_page().insert_text((72, 120), "Scanned pledge about independent monitoring.", fontsize=18)
    pix = src[0].get_pixmap(dpi=200)
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pix)
    doc.save(scan)
    return letter, scan


# -- the steps ---------------------------------------------------------------------------------------
def step_build(run: Run) -> str:
    subprocess.run([sys.executable, str(HERE / "build.py")], check=True, cwd=ROOT)
    return f"{DEB.name} and {TARBALL.name}"


def step_deb_contents(run: Run) -> str:
    if not DEB.exists():
        raise StepFailed(f"{DEB} is missing; run packaging/build.py")
    subprocess.run(["dpkg-deb", "-x", str(DEB), str(run.root)], check=True)
    fields = {k: subprocess.run(["dpkg-deb", "-f", str(DEB), k], capture_output=True, text=True).stdout.strip()
              for k in ("Package", "Version", "Recommends", "Depends")}
    if fields["Version"] != __version__ or "tesseract-ocr" not in fields["Recommends"]:
        raise StepFailed(f"unexpected control fields: {fields}")
    entry = run.root / "usr" / "share" / "applications" / "papertrail.desktop"
    text = entry.read_text(encoding="utf-8")
    for line in ("MimeType=application/pdf;", "Icon=papertrail", "Exec=papertrail %F"):
        if line not in text.splitlines():
            raise StepFailed(f"the desktop entry lacks {line!r}")
    for icon in ("scalable/apps/papertrail.svg", "48x48/apps/papertrail.png", "256x256/apps/papertrail.png"):
        if not (run.root / "usr" / "share" / "icons" / "hicolor" / icon).is_file():
            raise StepFailed(f"the hicolor icon {icon} is missing")
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        if check.returncode != 0:
            raise StepFailed(f"desktop-file-validate: {check.stdout.strip()}")
    return f"Depends: {fields['Depends']}"


def step_tarball(run: Run) -> str:
    target = run.scratch / "tar"
    with tarfile.open(TARBALL) as tar:
        tar.extractall(target, filter="tar")
    (folder,) = target.iterdir()
    out = subprocess.run([*run.prefix, str(folder / "papertrail"), "--version"], capture_output=True, text=True,
                         env=run.env, timeout=120).stdout.strip()
    if out != f"Papertrail {__version__}":
        raise StepFailed(f"{folder.name}/papertrail --version printed {out!r}")
    return f"{folder.name}/papertrail --version: {out}"


def step_version(run: Run) -> str:
    out = run.cli("--version").strip()
    if out != f"Papertrail {__version__}":
        raise StepFailed(f"papertrail --version printed {out!r}")
    return out + (" (with no Python visible)" if run.prefix else "")


def step_welcome(run: Run) -> str:
    from xsession import find_text
    proc, window = run.start(run.desktop_exec(), "welcome")
    time.sleep(2)   # the first paint
    shot = run.screen.shot(run.shots / "1-welcome.png")
    find_text(shot, "Welcome to Papertrail")
    run.demo_button = find_text(shot, "Open the demo archive")
    run.welcome = (proc, window)
    if not (run.data / "Papertrail" / "archive").is_dir():
        raise StepFailed("the default archive folder was not created")
    return f"window after {run.times['welcome']:.2f} s; {shot.relative_to(ROOT)}"


def step_demo(run: Run) -> str:
    from xsession import click, quit_app, wait_for_text
    proc, window = run.welcome
    click(*run.demo_button)
    demo = run.data / "Papertrail" / "demo-archive"
    wait_documents(demo, DEMO_LETTERS, 240, proc)
    shot = run.shots / "2-demo.png"
    wait_for_text(run.screen, f"All documents ({DEMO_LETTERS})", shot, 60)
    quit_app(window, proc)
    return f"{documents(demo)} demo letters; {shot.relative_to(ROOT)}"


def step_open_with(run: Run) -> str:
    from xsession import click, quit_app, wait_for_text
    letter, _scan = make_pdfs(run.scratch / "in")
    proc, window = run.start(run.desktop_exec(str(letter)), "open-with")
    # A new start opens the user's own archive, not the demo looked at last: the letter goes there.
    own = run.data / "Papertrail" / "archive"
    wait_documents(own, 1, 120, proc)
    shot = run.shots / "3-open-with.png"
    wait_for_text(run.screen, "1 added", shot, 60)   # the report of what was added
    click(*wait_for_text(run.screen, "Close", shot, 30))   # the report of what was added
    time.sleep(0.5)
    quit_app(window, proc)
    return f"window after {run.times['open-with']:.2f} s, letter added; {shot.relative_to(ROOT)}"


def step_command_line(run: Run) -> str:
    own = run.data / "Papertrail" / "archive"
    docs = json.loads(run.cli("--archive", str(own), "docs", "--json"))
    if len(docs) != 1 or not any("smoke harbour" in json.dumps(d) or "smoke-letter" in
                                                 json.dumps(d) for d in docs):
        raise StepFailed(f"docs --json lists {len(docs)} documents, without the opened letter")
    letter, scan = make_pdfs(run.scratch / "in")
    fresh = run.scratch / "cli-archive"
    report = json.loads(run.cli("--archive", str(fresh), "ingest", str(letter), str(scan), "--json"))
    if len(report["added"]) != 2:
        raise StepFailed(f"ingest added {len(report['added'])} of 2 files: {report.get('failed')}")
    scanned = next(a for a in report["added"] if a["file"].endswith("smoke-scan.pdf"))
    ocr = "OCR unused (no Tesseract)"
    if shutil.which("tesseract"):
        if scanned["ocr_pages"] != [1]:
            raise StepFailed(f"the scanned page was not read with the system's Tesseract: {scanned}")
        ocr = "scanned page read with the system's Tesseract"
    hits = json.loads(run.cli("--archive", str(fresh), "search", "grievance", "--json"))
    if not hits:
        raise StepFailed("search found nothing for a word of the letter")
    run.cli("--archive", str(fresh), "nonsense-command", ok=(2,))
    return f"docs --json: {len(docs)} documents; ingest, search, exit codes as main.py; {ocr}"


STEPS_OUTSIDE = [("build", step_build)]
STEPS = [("deb contents", step_deb_contents), ("tar.gz", step_tarball), ("--version", step_version),
         ("welcome page from the desktop entry", step_welcome), ("open the demo", step_demo),
         ("open a PDF with Papertrail", step_open_with), ("command line", step_command_line)]


def run_steps(steps, run: Run) -> int:
    for name, fn in steps:
        start = time.monotonic()
        try:
            detail = fn(run)
        except (StepFailed, subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError, KeyError,
                ValueError) as exc:
            print(f"FAILED  {name}: {exc}", flush=True)
            for log in sorted(run.scratch.glob("*.log")):
                tail = log.read_text(errors="replace")[-1500:].strip()
                if tail:
                    print(f"--- {log.name}\n{tail}", flush=True)
            return 1
        print(f"ok      {name} ({time.monotonic() - start:.1f} s): {detail}", flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(prog="packaging/smoke_test.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-build", action="store_true", help="test the packages from the last build")
    ap.add_argument("--shots", type=Path, default=ROOT / "build" / "smoke", help="where to save the screenshots")
    ap.add_argument("--under-xvfb", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    if not args.under_xvfb:
        with tempfile.TemporaryDirectory(prefix="papertrail-smoke-") as tmp:
            if not args.skip_build and run_steps(STEPS_OUTSIDE, Run(Path(tmp), args.shots)):
                return 1
        if not shutil.which("xvfb-run"):
            print("FAILED  xvfb-run is not installed (Debian: apt install xvfb xauth)")
            return 1
        return subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1440x900x24", sys.executable, __file__,
                               "--under-xvfb", "--shots", str(args.shots)]).returncode
    from xsession import Screen, need
    with tempfile.TemporaryDirectory(prefix="papertrail-smoke-") as tmp:
        run = Run(Path(tmp), args.shots)
        try:
            need("dpkg-deb", "xdotool", "tesseract")
            run.screen = Screen()
        except StepFailed as exc:
            print(f"FAILED  set-up: {exc}")
            return 1
        code = run_steps(STEPS, run)
        if run.welcome and run.welcome[0].poll() is None:   # a step failed with the app still open
            run.welcome[0].kill()
    if code == 0:
        print(f"smoke test of Papertrail {__version__}: {len(STEPS)} passed, 0 failed", flush=True)
    return code


if __name__ == "__main__":
    ensure_environment(Path(__file__))   # PyMuPDF and Qt (for screenshots) come from .venv
    os.chdir(ROOT)
    sys.exit(main())
