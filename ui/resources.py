"""Icons, the stylesheet and other files under resources/, loaded through one place."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent / "resources"
ICONS = ROOT / "icons"
STYLE = ROOT / "style"
CACHE_ENV = "PAPERTRAIL_CACHE"     # where drawn icons are kept; tests point it at a temp folder


def cache_dir() -> Path:
    """$PAPERTRAIL_CACHE, else the user's cache folder (on Linux ~/.cache/Papertrail)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    import platformdirs
    return Path(platformdirs.user_cache_dir("Papertrail", appauthor=False))


def resource_path(*parts: str) -> Path:
    path = ROOT.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"missing resource {path}: the installation is incomplete")
    return path


@lru_cache(maxsize=None)
def _svg(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


def icon_names() -> list[str]:
    return sorted(p.stem for p in ICONS.glob("*.svg"))


def _render(svg: str, color: str, size: int, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", color).encode()))
    px = QPixmap(int(size * ratio), int(size * ratio))
    px.fill(Qt.GlobalColor.transparent)
    painter = QPainter(px)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px.width(), px.height()))
    painter.end()
    px.setDevicePixelRatio(ratio)
    return px


class _LineIconEngine(QIconEngine):
    """Draws an SVG line icon in the theme's colour at whatever size is asked for, when it is asked for."""

    def __init__(self, svg: str, color: str, disabled: str):
        super().__init__()
        self.svg, self.color, self.disabled = svg, color, disabled
        self.cache: dict[tuple, QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        color = self.disabled if mode == QIcon.Mode.Disabled else self.color
        key = (size.width(), color, scale)
        if key not in self.cache:
            self.cache[key] = _render(self.svg, color, min(size.width(), size.height()), max(scale, 1.0))
        return self.cache[key]

    def paint(self, painter: QPainter, rect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, ratio))

    def clone(self) -> "QIconEngine":
        return _LineIconEngine(self.svg, self.color, self.disabled)


@lru_cache(maxsize=256)
def icon(name: str, color: str = "#3b4252", disabled: str = "#a0a4ab") -> QIcon:
    """A line icon drawn in `color` (icons use currentColor, so one SVG serves both themes)."""
    return QIcon(_LineIconEngine(_svg(name), color, disabled))


def icon_file(name: str, color: str) -> Path:
    """The icon drawn in `color` as an SVG file, for stylesheets (which can only name files)."""
    folder = cache_dir() / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{color.lstrip('#')}.svg"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(_svg(name).replace("currentColor", color), encoding="utf-8")
        os.replace(tmp, path)
    return path


def stylesheet(colors: dict[str, str]) -> str:
    """The application stylesheet with @name tokens replaced by the theme's colours."""
    text = resource_path("style", "base.qss").read_text(encoding="utf-8")
    tokens = dict(colors, close_icon=icon_file("close", colors.get("muted", "#5f6670")).as_posix(),
                  down_icon=icon_file("down", colors.get("muted", "#5f6670")).as_posix())
    for key in sorted(tokens, key=len, reverse=True):   # @mark_bg before @mark
        text = text.replace("@" + key, tokens[key])
    return text


def color(value: str) -> QColor:
    return QColor(value)
