"""Every user setting, declared once with its default, stored with QSettings."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from app.backup import KEEP_AUTOMATIC

ORGANISATION = "Papertrail"
APPLICATION = "Papertrail"
THEMES = ("system", "light", "dark")

_override: Path | None = None


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    type: type

    def get(self) -> Any:
        value = store().value(self.key, self.default)
        if value is None:
            return self.default
        if self.type is bool and isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        if self.type is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray()
        try:
            return self.type(value)
        except (TypeError, ValueError):
            return self.default

    def set(self, value: Any) -> None:
        store().setValue(self.key, value)


WINDOW_GEOMETRY = Setting("window/geometry", QByteArray(), QByteArray)
WINDOW_STATE = Setting("window/state", QByteArray(), QByteArray)
LIBRARY_HEADER = Setting("library/header", QByteArray(), QByteArray)
LIBRARY_SPLITTER = Setting("library/splitter", QByteArray(), QByteArray)
TIMELINE_HEIGHT = Setting("timeline/height", 0, int)         # 0: half the window the first time
LAST_ARCHIVE = Setting("archive/last", "", str)
THEME = Setting("appearance/theme", "system", str)          # one of THEMES
SEARCH_SORT = Setting("search/sort", "relevance", str)       # relevance | date
SEARCH_LIMIT = Setting("search/limit", 200, int)             # hits shown per search
SEARCH_DELAY_MS = Setting("search/delay_ms", 250, int)       # debounce while typing
INGEST_OCR = Setting("ingest/ocr", True, bool)               # OCR scanned pages when adding
LAST_ADD_FOLDER = Setting("paths/last_add_folder", "", str)
LAST_EXPORT_FOLDER = Setting("paths/last_export_folder", "", str)
LAST_BACKUP_FOLDER = Setting("paths/last_backup_folder", "", str)     # backups and shared letters
AUTO_BACKUPS_KEEP = Setting("backup/automatic_keep", KEEP_AUTOMATIC, int)   # made before a schema upgrade


def use_settings_file(path: Path | str | None) -> None:
    """Keep settings in this INI file instead of the user's (for tests and portable installs)."""
    global _override
    _override = Path(path) if path else None


def store() -> QSettings:
    if _override is not None:
        return QSettings(str(_override), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def theme() -> str:
    value = THEME.get()
    return value if value in THEMES else "system"


def automatic_backups_to_keep() -> int:
    """How many automatic backups an archive keeps in its backups/ folder (at least one)."""
    return max(1, AUTO_BACKUPS_KEEP.get())


def demo_archive_dir() -> Path:
    """The demo archive lives next to the default archive, never inside the user's own."""
    from archive import default_archive_dir
    return default_archive_dir().parent / "demo-archive"
