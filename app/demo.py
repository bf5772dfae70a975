"""The demo archive: fictional letters kept as editable text in resources/demo, rendered to PDF on demand.

Each letter is one ``.txt`` file: a header of ``key: value`` lines, a line holding
only ``---``, then the body, whose paragraphs are separated by blank lines (lines
within a paragraph are joined with spaces, so the text may be hard-wrapped).
Keys ``letterhead``, ``to`` and ``sign`` may repeat, one line each; an empty
``sign:`` separates signature blocks.  resources/demo/README.md has an example.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.letterpdf import Letter, render_letter

DEMO_DIR = Path(__file__).resolve().parent.parent / "resources" / "demo"

_SINGLE_KEYS = {"kind", "language", "place_date", "subject", "salutation", "closing"}
_REPEATED_KEYS = {"letterhead", "to", "sign"}
_REQUIRED_KEYS = ("letterhead", "place_date", "to")


class DemoFormatError(ValueError):
    """A demo letter or the tags file is malformed; the message names the file and line."""


def parse_letter_text(text: str, source: str = "<letter>") -> Letter:
    """Parse one letter in the demo text format; source names it in error messages."""
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        separator = next(i for i, line in enumerate(lines) if line.strip() == "---")
    except StopIteration:
        raise DemoFormatError(f"{source}: no '---' line separating the header from the body") from None

    single: dict[str, str] = {}
    repeated: dict[str, list[str]] = {key: [] for key in _REPEATED_KEYS}
    for number, line in enumerate(lines[:separator], start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon:
            raise DemoFormatError(f"{source}:{number}: expected 'key: value', got {line.strip()!r}")
        if key in _REPEATED_KEYS:
            repeated[key].append(value)
        elif key in _SINGLE_KEYS:
            if key in single:
                raise DemoFormatError(f"{source}:{number}: '{key}' is given twice")
            single[key] = value
        else:
            known = ", ".join(sorted(_SINGLE_KEYS | _REPEATED_KEYS))
            raise DemoFormatError(f"{source}:{number}: unknown key {key!r} (known keys: {known})")

    for key in _REQUIRED_KEYS:
        if not (single.get(key) or any(repeated.get(key, []))):
            raise DemoFormatError(f"{source}: the header has no '{key}:' line")

    paragraphs, current = [], []
    for line in lines[separator + 1:]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    if not paragraphs:
        raise DemoFormatError(f"{source}: the body after '---' is empty")

    return Letter(
        letterhead="\n".join(repeated["letterhead"]),
        place_date=single["place_date"],
        addressee=repeated["to"],
        subject=single.get("subject") or None,
        salutation=single.get("salutation", ""),
        paragraphs=paragraphs,
        closing=single.get("closing", ""),
        signatories=repeated["sign"],
        kind=single.get("kind", "letter"),
        language=single.get("language", "en"),
    )


def demo_letters(directory: Path = DEMO_DIR) -> list[tuple[str, Letter]]:
    """Every demo letter as (file stem, Letter), in file-name (that is, date) order."""
    files = sorted(Path(directory).glob("*.txt"))
    if not files:
        raise DemoFormatError(f"no demo letters (*.txt) found in {directory}")
    return [(path.stem, parse_letter_text(path.read_text(encoding="utf-8"), path.name)) for path in files]


def build_demo_pdfs(out_dir: Path, directory: Path = DEMO_DIR) -> list[Path]:
    """Render every demo letter to out_dir/<stem>.pdf (creating out_dir) and return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, letter in demo_letters(directory):
        path = out_dir / f"{stem}.pdf"
        render_letter(letter, path)
        paths.append(path)
    return paths


def demo_tags(directory: Path = DEMO_DIR) -> dict:
    """The passages, links and party aliases to tag in the demo archive (tags.json), checked for shape."""
    path = Path(directory) / "tags.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoFormatError(f"{path} is missing") from None
    except json.JSONDecodeError as exc:
        raise DemoFormatError(f"{path.name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    for key in ("passages", "links", "parties"):
        if key not in data:
            raise DemoFormatError(f"{path.name}: no '{key}' entry")
    count = len(data["passages"])
    for index, passage in enumerate(data["passages"]):
        missing = {"letter", "quote", "kind", "by", "on"} - passage.keys()
        if missing:
            raise DemoFormatError(f"{path.name}: passage {index} lacks {', '.join(sorted(missing))}")
    for link in data["links"]:
        if not (0 <= link.get("from", -1) < count and 0 <= link.get("to", -1) < count):
            raise DemoFormatError(f"{path.name}: link {link} points outside the {count} passages")
    return data
