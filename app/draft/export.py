"""Export a follow-up letter draft to DOCX (real footnotes), PDF, Markdown or HTML."""

from __future__ import annotations

from pathlib import Path

from archive.atomic import atomic_path

from app.draft.export_docx import QUOTE_STYLE, SOURCE_STYLE, write_docx
from app.draft.export_layout import APPENDIX_HEADERS
from app.draft.export_pdf import write_pdf
from app.draft.export_text import write_html, write_md
from app.draft.model import Draft

__all__ = ["APPENDIX_HEADERS", "FORMATS", "QUOTE_STYLE", "SOURCE_STYLE", "export_draft"]

FORMATS = ("docx", "pdf", "md", "html")


def export_draft(draft: Draft, fmt: str, path: Path) -> None:
    """Write draft to path as fmt ("docx", "pdf", "md" or "html"), all or nothing."""
    writers = {"docx": write_docx, "pdf": write_pdf, "md": write_md, "html": write_html}
    if fmt not in writers:
        raise ValueError(f"cannot export a draft as {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not isinstance(draft, Draft):
        raise TypeError(f"export_draft needs a Draft, not {type(draft).__name__}")
    draft.__post_init__()  # blocks may have been changed since the draft was made
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot export to {path}: the folder {path.parent} does not exist")
    # Write next to the target and rename, so a failure never leaves a half-written file.
    with atomic_path(path) as tmp:
        writers[fmt](draft, tmp)
