"""Render letters and memos to realistic A4 PDFs, with a text layer or as scanned images."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
SCAN_DPI = 150

KINDS = ("letter", "memo")

# The standard 14 PDF fonts need no embedding, which keeps each letter a few
# kilobytes and rendering in the low milliseconds.  Their WinAnsi encoding
# covers English, Spanish, French and the typographic quotes and dashes.
_FONTS = {
    ("sans", "regular"): "helv",
    ("sans", "bold"): "hebo",
    ("sans", "italic"): "heit",
    ("serif", "regular"): "tiro",
    ("serif", "bold"): "tibo",
    ("serif", "italic"): "tiit",
}

_LABELS = {
    "en": {"page": "Page {n} of {total}", "re": "Re: ", "memo": "MEMORANDUM",
           "to": "To:", "from": "From:", "date": "Date:", "subject": "Re:"},
    "es": {"page": "Página {n} de {total}", "re": "Asunto: ", "memo": "MEMORÁNDUM",
           "to": "Para:", "from": "De:", "date": "Fecha:", "subject": "Asunto:"},
    "fr": {"page": "Page {n} sur {total}", "re": "Objet : ", "memo": "NOTE INTERNE",
           "to": "À :", "from": "De :", "date": "Date :", "subject": "Objet :"},
}

_SUBJECT_PREFIXES = ("re:", "re :", "subject:", "asunto:", "objet:", "objet :", "ref:", "ref.:", "réf. :")

# Characters that commonly arrive from word processors but are not in WinAnsi;
# each has an exact-looking WinAnsi twin.
_SUBSTITUTES = {"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u202f": "\u00a0", "\u2009": " ", "\t": " "}
_NEEDS_SUBSTITUTE = re.compile("[" + "".join(_SUBSTITUTES) + "]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

_BASE_FONTS = {"helv": "Helvetica", "hebo": "Helvetica-Bold", "heit": "Helvetica-Oblique",
               "tiro": "Times-Roman", "tibo": "Times-Bold", "tiit": "Times-Italic"}


@dataclass
class Letter:
    """One piece of correspondence, as a person would lay it out on paper."""

    letterhead: str
    place_date: str
    addressee: list[str]
    subject: str | None
    salutation: str
    paragraphs: list[str]
    closing: str
    signatories: list[str]
    kind: str = "letter"
    language: str = "en"


@dataclass(frozen=True)
class Style:
    """Typographic choices that vary between organisations' letter templates."""

    body_font: str = "serif"          # "serif" | "sans"
    letterhead_align: str = "left"    # "left" | "center"
    date_align: str = "right"         # "left" | "right"
    accent: tuple[float, float, float] = (0.12, 0.23, 0.42)
    body_size: float = 11.0


DEFAULT_STYLE = Style()


class LetterRenderError(ValueError):
    """A letter cannot be rendered; the message says which field and why."""


# --------------------------------------------------------------------------- text


def _clean(text: str, where: str) -> str:
    """Normalise text to what the standard fonts can show, or explain why not."""
    if not isinstance(text, str):
        raise LetterRenderError(f"{where} must be text, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text).replace("\r", "")
    if _NEEDS_SUBSTITUTE.search(text):
        text = "".join(_SUBSTITUTES.get(ch, ch) for ch in text)
    try:
        text.encode("cp1252")
        bad = set(_CONTROL.findall(text))
    except UnicodeEncodeError:
        bad = {ch for ch in text if not _encodable(ch)}
    if bad:
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in sorted(bad)[:5])
        raise LetterRenderError(
            f"{where} contains characters the standard PDF fonts cannot show: {shown}. "
            "Letters are limited to Western European text (Windows-1252)."
        )
    return text


def _encodable(ch: str) -> bool:
    if _CONTROL.match(ch):
        return False
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


class _Metrics:
    """Text widths per font, cached by word because wrapping asks for them constantly."""

    _MAX_WORDS = 200_000  # a corpus run sees a bounded vocabulary; this only guards memory

    def __init__(self) -> None:
        self._fonts: dict[str, pymupdf.Font] = {}
        self._advances: dict[str, dict[str, float]] = {}
        self._words: dict[tuple[str, str], float] = {}

    def width(self, text: str, font: str, size: float) -> float:
        key = (font, text)
        unit = self._words.get(key)
        if unit is None:
            table = self._advances.setdefault(font, {})
            unit = 0.0
            for ch in text:
                adv = table.get(ch)
                if adv is None:
                    if font not in self._fonts:
                        self._fonts[font] = pymupdf.Font(font)
                    adv = table[ch] = self._fonts[font].glyph_advance(ord(ch))
                unit += adv
            if len(self._words) > self._MAX_WORDS:
                self._words.clear()
            self._words[key] = unit
        return unit * size


_METRICS = _Metrics()


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking; hard newlines are kept, over-long words are split."""
    lines: list[str] = []
    space = _METRICS.width(" ", font, size)
    for hard_line in text.split("\n"):
        words = hard_line.split()
        if not words:
            lines.append("")
            continue
        current, current_w = "", 0.0
        for word in words:
            word_w = _METRICS.width(word, font, size)
            while word_w > width:  # a URL or similar longer than the line
                if current:
                    lines.append(current)
                    current, current_w = "", 0.0
                cut = len(word) - 1
                while cut > 1 and _METRICS.width(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                word_w = _METRICS.width(word, font, size)
            if current and current_w + space + word_w <= width:
                current += " " + word
                current_w += space + word_w
            elif current:
                lines.append(current)
                current, current_w = word, word_w
            else:
                current, current_w = word, word_w
        if current:
            lines.append(current)
    return lines


# ------------------------------------------------------------------------- layout


@dataclass
class _Op:
    kind: str                      # "text" | "rule"
    x: float
    y: float                       # baseline (text) or line position (rule), from the top
    text: str = ""
    font: str = "helv"
    size: float = 11.0
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    x2: float = 0.0


@dataclass
class _Flow:
    """A cursor that fills pages top to bottom and starts a new page when full."""

    style: Style
    left: float = 72.0
    right: float = PAGE_WIDTH - 72.0
    top: float = 64.0
    bottom: float = PAGE_HEIGHT - 70.0
    pages: list[list[_Op]] = field(default_factory=lambda: [[]])
    y: float = 64.0                # baseline of the last placed line

    @property
    def width(self) -> float:
        return self.right - self.left

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.top

    def room(self) -> float:
        return self.bottom - self.y

    def gap(self, points: float) -> None:
        if self.y > self.top:  # space never carries over to the top of a page
            self.y += points

    def line(self, text: str, font: str, size: float, leading: float, *, align: str = "left",
             x: float | None = None, color=(0.0, 0.0, 0.0)) -> None:
        if self.y + leading > self.bottom:
            self.new_page()
        self.y += leading
        left = self.left if x is None else x
        if align == "right":
            left = self.right - _METRICS.width(text, font, size)
        elif align == "center":
            left = self.left + (self.width - _METRICS.width(text, font, size)) / 2
        if text:
            self.pages[-1].append(_Op("text", left, self.y, text, font, size, color))

    def rule(self, gap_before: float = 6.0, gray: float = 0.55, width: float = 0.6) -> None:
        self.y += gap_before
        self.pages[-1].append(_Op("rule", self.left, self.y, size=width, color=(gray,) * 3, x2=self.right))

    def block(self, text: str, font: str, size: float, leading: float, *, keep_lines: int = 2) -> None:
        """A wrapped paragraph that never leaves a single orphaned first line."""
        lines = _wrap(text, font, size, self.width)
        if len(lines) >= keep_lines and self.room() < leading * min(keep_lines, len(lines)):
            self.new_page()
        for text_line in lines:
            self.line(text_line, font, size, leading)


def _font(style: Style, weight: str, family: str | None = None) -> str:
    return _FONTS[(family or style.body_font, weight)]


def _letterhead(flow: _Flow, letter: Letter, style: Style, name_size: float = 18.0) -> None:
    name, *address = letter.letterhead.split("\n")
    bold = _font(style, "bold", "sans")
    align = style.letterhead_align
    for text_line in _wrap(name, bold, name_size, flow.width):
        flow.line(text_line, bold, name_size, name_size * 1.15, align=align, color=style.accent)
    for extra in address:
        for text_line in _wrap(extra, "helv", 8.5, flow.width):
            flow.line(text_line, "helv", 8.5, 11.0, align=align, color=(0.35, 0.35, 0.35))
    flow.rule(gap_before=8.0, gray=0.45)


def _subject_line(subject: str, language: str) -> str:
    if subject.lower().startswith(_SUBJECT_PREFIXES):
        return subject
    return _LABELS[language]["re"] + subject


def _signature(flow: _Flow, letter: Letter, style: Style, body: str, size: float, leading: float) -> None:
    blocks: list[list[str]] = [[]]
    for entry in letter.signatories:
        if entry.strip():
            blocks[-1].append(entry.strip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if letter.closing:
        # The closing, the space for a pen signature and the first block stay together.
        first = len(blocks[0]) if blocks else 0
        if flow.room() < leading * (2 + first) + 30:
            flow.new_page()
        flow.gap(leading * 0.6)
        flow.line(letter.closing, body, size, leading)
        flow.gap(30.0)
    for index, block in enumerate(blocks):
        if flow.room() < leading * len(block):
            flow.new_page()
        elif index:
            flow.gap(leading * 0.7)
        for text_line in block:
            for wrapped in _wrap(text_line, body, size, flow.width):
                flow.line(wrapped, body, size, leading)


def _layout_letter(letter: Letter, style: Style) -> _Flow:
    flow = _Flow(style)
    body, bold = _font(style, "regular"), _font(style, "bold")
    size = style.body_size
    leading = size * 1.32
    _letterhead(flow, letter, style)
    flow.gap(18.0)
    flow.line(letter.place_date, body, size, leading, align=style.date_align)
    flow.gap(12.0)
    for entry in letter.addressee:
        for text_line in _wrap(entry, body, size, flow.width):
            flow.line(text_line, body, size, leading)
    if letter.subject:
        flow.gap(14.0)
        flow.block(_subject_line(letter.subject, letter.language), bold, size, leading)
    if letter.salutation:
        flow.gap(12.0)
        flow.block(letter.salutation, body, size, leading)
    for paragraph in letter.paragraphs:
        flow.gap(leading * 0.6)
        flow.block(paragraph, body, size, leading)
    _signature(flow, letter, style, body, size, leading)
    return flow


def _layout_memo(letter: Letter, style: Style) -> _Flow:
    flow = _Flow(style)
    labels = _LABELS[letter.language]
    body, bold = _font(style, "regular"), _font(style, "bold")
    size = style.body_size
    leading = size * 1.32
    name, *address = letter.letterhead.split("\n")
    flow.line(name, "hebo", 10.0, 12.0, color=style.accent)
    for extra in address:
        flow.line(extra, "helv", 8.5, 11.0, color=(0.35, 0.35, 0.35))
    flow.gap(14.0)
    flow.line(labels["memo"], "hebo", 20.0, 22.0)
    flow.rule(gap_before=8.0, gray=0.2, width=1.2)
    flow.gap(6.0)
    authors = [s.strip() for s in letter.signatories if s.strip()]
    subject = letter.subject or ""
    for prefix in _SUBJECT_PREFIXES:
        if subject.lower().startswith(prefix):
            subject = subject[len(prefix):].strip()
            break
    rows = [(labels["to"], "; ".join(letter.addressee)), (labels["from"], "; ".join(authors)),
            (labels["date"], letter.place_date), (labels["subject"], subject)]
    value_x = flow.left + 62.0
    for label, value in rows:
        lines = _wrap(value, body, size, flow.right - value_x) or [""]
        flow.line(label, bold, size, leading)
        baseline = flow.y
        for index, text_line in enumerate(lines):
            if index == 0:
                flow.pages[-1].append(_Op("text", value_x, baseline, text_line, body, size))
            else:
                flow.line(text_line, body, size, leading, x=value_x)
    flow.rule(gap_before=8.0, gray=0.2, width=1.2)
    flow.gap(10.0)
    if letter.salutation:
        flow.block(letter.salutation, body, size, leading)
    for paragraph in letter.paragraphs:
        flow.gap(leading * 0.6)
        flow.block(paragraph, body, size, leading)
    if letter.closing:
        _signature(flow, letter, style, body, size, leading)
    return flow


# ------------------------------------------------------------------------ writing


def _color_op(color: tuple[float, float, float], stroke: bool) -> str:
    r, g, b = color
    if r == g == b:
        return f"{r:.3g} {'G' if stroke else 'g'}"
    return f"{r:.3g} {g:.3g} {b:.3g} {'RG' if stroke else 'rg'}"


def _content_stream(ops: list[_Op]) -> bytes:
    parts: list[str] = []
    for op in ops:
        y = PAGE_HEIGHT - op.y
        if op.kind == "rule":
            parts.append(f"q {_color_op(op.color, True)} {op.size:.2f} w {op.x:.2f} {y:.2f} m "
                         f"{op.x2:.2f} {y:.2f} l S Q")
            continue
        encoded = op.text.encode("cp1252").hex()
        parts.append(f"BT /{op.font} {op.size:.4g} Tf {_color_op(op.color, False)} "
                     f"1 0 0 1 {op.x:.2f} {y:.2f} Tm <{encoded}> Tj ET")
    return ("\n".join(parts) + "\n").encode("ascii")


def _validate(letter: Letter) -> Letter:
    if not isinstance(letter, Letter):
        raise LetterRenderError(f"expected a Letter, got {type(letter).__name__}")
    if letter.kind not in KINDS:
        raise LetterRenderError(f"kind must be one of {', '.join(KINDS)}, got {letter.kind!r}")
    if letter.language not in _LABELS:
        raise LetterRenderError(
            f"language must be one of {', '.join(sorted(_LABELS))}, got {letter.language!r}")
    for name in ("addressee", "paragraphs", "signatories"):
        value = getattr(letter, name)
        if not isinstance(value, (list, tuple)):
            raise LetterRenderError(f"{name} must be a list of lines, got {type(value).__name__}")
    if not letter.letterhead.strip():
        raise LetterRenderError("letterhead is empty: a letter needs the sender's name at the top")
    return Letter(
        letterhead=_clean(letter.letterhead, "letterhead").strip(),
        place_date=_clean(letter.place_date, "place_date"),
        addressee=[_clean(x, f"addressee line {i + 1}") for i, x in enumerate(letter.addressee)],
        subject=None if letter.subject is None else _clean(letter.subject, "subject"),
        salutation=_clean(letter.salutation, "salutation"),
        paragraphs=[_clean(p, f"paragraph {i + 1}") for i, p in enumerate(letter.paragraphs)],
        closing=_clean(letter.closing, "closing"),
        signatories=[_clean(s, f"signatory line {i + 1}") for i, s in enumerate(letter.signatories)],
        kind=letter.kind,
        language=letter.language,
    )


def _check_style(style: Style) -> None:
    choices = {"body_font": ("serif", "sans"), "letterhead_align": ("left", "center"),
               "date_align": ("left", "right")}
    for name, allowed in choices.items():
        if getattr(style, name) not in allowed:
            raise LetterRenderError(f"style {name} must be one of {', '.join(allowed)}, "
                                    f"got {getattr(style, name)!r}")
    if not 6 <= style.body_size <= 16:
        raise LetterRenderError(f"style body_size must be between 6 and 16 points, got {style.body_size}")


def _build_document(letter: Letter, style: Style) -> pymupdf.Document:
    _check_style(style)
    letter = _validate(letter)
    flow = _layout_memo(letter, style) if letter.kind == "memo" else _layout_letter(letter, style)
    total = len(flow.pages)
    labels = _LABELS[letter.language]
    doc = pymupdf.open()
    # One shared resource dictionary: every page refers to the same font objects.
    font_refs = []
    for name, base in _BASE_FONTS.items():
        xref = doc.get_new_xref()
        doc.update_object(xref, f"<</Type/Font/Subtype/Type1/BaseFont/{base}/Encoding/WinAnsiEncoding>>")
        font_refs.append(f"/{name} {xref} 0 R")
    resources = doc.get_new_xref()
    doc.update_object(resources, f"<</Font<<{' '.join(font_refs)}>>>>")
    for number, ops in enumerate(flow.pages, start=1):
        if total > 1:
            footer = labels["page"].format(n=number, total=total)
            x = (PAGE_WIDTH - _METRICS.width(footer, "helv", 8.5)) / 2
            ops = ops + [_Op("text", x, PAGE_HEIGHT - 36.0, footer, "helv", 8.5, (0.4, 0.4, 0.4))]
        page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        contents = doc.get_new_xref()
        doc.update_object(contents, "<<>>")
        doc.update_stream(contents, _content_stream(ops), compress=1)
        parent = doc.xref_get_key(page.xref, "Parent")[1]
        doc.update_object(page.xref, f"<</Type/Page/MediaBox[0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}]"
                                     f"/Resources {resources} 0 R/Contents {contents} 0 R/Parent {parent}>>")
    # Written directly: set_metadata costs more than the whole page layout.
    organisation = letter.letterhead.split("\n")[0]
    info = {"Title": letter.subject or organisation, "Author": organisation,
            "Creator": "Papertrail letter renderer", "Producer": "PyMuPDF"}
    info_xref = doc.get_new_xref()
    doc.update_object(info_xref, "<<" + "".join(f"/{k} {pymupdf.get_pdf_str(v)}" for k, v in info.items()) + ">>")
    doc.xref_set_key(-1, "Info", f"{info_xref} 0 R")
    return doc


def render_letter(letter: Letter, path: Path | None = None, *, style: Style = DEFAULT_STYLE) -> bytes:
    """Render a letter or memo to an A4 PDF with a text layer; optionally also write it to path."""
    doc = _build_document(letter, style)
    try:
        data = doc.tobytes(deflate=True, no_new_id=True)
    finally:
        doc.close()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def render_scanned(letter: Letter, *, style: Style = DEFAULT_STYLE, dpi: int = SCAN_DPI) -> bytes:
    """Render the letter as page images only (grey, ~150 dpi), like a scan awaiting OCR."""
    doc = _build_document(letter, style)
    out = pymupdf.open()
    try:
        for page in doc:
            pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            scanned = out.new_page(width=page.rect.width, height=page.rect.height)
            scanned.insert_image(scanned.rect, stream=pixmap.tobytes("png"))
        return out.tobytes(deflate=True, no_new_id=True)
    finally:
        doc.close()
        out.close()
