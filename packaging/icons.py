"""Render the app icon (packaging/linux/papertrail.svg) to PNGs, a Windows .ico and a macOS .iconset.

Run with the .venv's Python (it uses Qt's SVG renderer): python packaging/icons.py OUT_DIR
"""
import os
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parent / "linux" / "papertrail.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
MAC = (16, 32, 128, 256, 512)   # the sizes an .iconset may hold (each also at @2x)


def render(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - Qt needs it
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"error: could not read the icon {SVG}")
    out.mkdir(parents=True, exist_ok=True)
    iconset = out / "papertrail.iconset"   # the folder macOS's iconutil turns into papertrail.icns
    iconset.mkdir(exist_ok=True)
    made = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        names = [out / f"papertrail-{size}.png"]
        if size == 256:
            names.append(out / "papertrail.ico")   # Windows (Qt writes one size, which Windows scales)
        if size in MAC:
            names.append(iconset / f"icon_{size}x{size}.png")
        if size // 2 in MAC:
            names.append(iconset / f"icon_{size // 2}x{size // 2}@2x.png")
        for path in names:
            if not image.save(str(path)):
                raise SystemExit(f"error: could not write {path}")
        made.append(names[0])
    return made


if __name__ == "__main__":
    for p in render(Path(sys.argv[1])):
        print(p)
