"""PDF text extraction: page text with word boxes, OCR for scanned pages, clear failure reasons."""
from __future__ import annotations

import array
import functools
import os
import re
import shutil
import struct
import subprocess
import unicodedata
import weakref
import zlib
from dataclasses import dataclass, field

import pymupdf

from .letter.dates import detect_language
from .letter.layout import layout_pages, page_lines

# Ligatures expanded, no image blocks; keep whitespace so offsets are stable.
_FLAGS = (pymupdf.TEXTFLAGS_WORDS & ~pymupdf.TEXT_PRESERVE_LIGATURES) | pymupdf.TEXT_MEDIABOX_CLIP

# Pages larger than this (in pixels at the OCR resolution) are not rasterised.
MAX_OCR_PIXELS = 60_000_000
OCR_DPI = 300

_PLACEHOLDER = re.compile(r"please wait\.{0,3}\s*if this message is not eventually replaced", re.I)
_TESS_LANGS = {"en": "eng", "es": "spa", "fr": "fra"}


class ExtractionError(Exception):
    """A file that cannot be read; the message is the one-line reason shown to the user."""


@dataclass
class PageText:
    number: int                 # 1-based
    text: str
    words: bytes                # packed word boxes, see pack_words
    width: float
    height: float
    rotation: int
    source: str                 # "text" | "ocr" | "none"
    problem: str = ""           # why a page has no usable text


@dataclass
class Extracted:
    pages: list[PageText]
    pdf_meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # The lines of the first and last pages with their size, weight and place (letter.layout.Line
    # tuples), by 1-based page number: what letter metadata is read from.
    layout: dict[int, list[tuple]] = field(default_factory=dict)

    @property
    def needs_ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.source == "none" and p.problem == "needs OCR"]

    @property
    def ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.source == "ocr"]


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None and _tessdata() is not None


@functools.cache
def _tessdata() -> str | None:
    """Where Tesseract's language data is; asked once per process, since PyMuPDF starts a
    `tesseract` subprocess to find out (about 24 ms, which was most of a small letter's ingest)."""
    try:
        return pymupdf.get_tessdata()
    except Exception:  # noqa: BLE001 - PyMuPDF raises plain RuntimeError when it is absent
        return None


def pack_words(boxes) -> bytes:
    """Word boxes as (start, end, x0, y0, x1, y1) tuples, or already flattened, packed as float32
    (character offsets are exact below 2**24)."""
    flat = boxes if not boxes or not isinstance(boxes[0], tuple) else [v for box in boxes for v in box]
    try:
        packed = struct.pack(f"{len(flat)}f", *flat)   # the bytes array("f") makes, a third sooner
    except OverflowError:
        packed = array.array("f", flat).tobytes()      # beyond float32, array makes it infinite
    return zlib.compress(packed, 1)


def unpack_words(blob: bytes | None) -> list[tuple[int, int, float, float, float, float]]:
    if not blob:
        return []
    arr = array.array("f")
    arr.frombytes(zlib.decompress(blob))
    return [(int(arr[i]), int(arr[i + 1]), arr[i + 2], arr[i + 3], arr[i + 4], arr[i + 5])
            for i in range(0, len(arr), 6)]


def rects_for_span(blob: bytes | None, start: int, end: int) -> list[tuple[float, float, float, float]]:
    """Rectangles (unrotated page coordinates) covering text[start:end], one per line."""
    lines: list[list[float]] = []
    for ws, we, x0, y0, x1, y1 in unpack_words(blob):
        if we <= start or ws >= end:
            continue
        n = max(we - ws, 1)
        # Partial words: interpolate within the word box by character share.
        a = x0 + (x1 - x0) * max(start - ws, 0) / n
        b = x1 - (x1 - x0) * max(we - end, 0) / n
        if lines and abs(lines[-1][1] - y0) < 0.5 * (y1 - y0) and a >= lines[-1][0] - 1:
            lines[-1][2] = max(lines[-1][2], b)
            lines[-1][3] = max(lines[-1][3], y1)
        else:
            lines.append([a, y0, b, y1])
    return [tuple(r) for r in lines]


def _clean(text: str) -> str:
    # Lone surrogates and NULs break SQLite, JSON and logging downstream.
    if text.isascii() and "\x00" not in text:
        return text
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text.replace("\x00", "")


_NOT_SPACE = re.compile(r"\S")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\ufffd]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_ALNUM = (b"0123456789" b"ABCDEFGHIJKLMNOPQRSTUVWXYZ" b"abcdefghijklmnopqrstuvwxyz")
# Every word of the placeholder is whole in the text it is looked for in (only the spaces between
# them are evened out first), so a text without this one cannot hold it.
_PLACEHOLDER_WORD = re.compile("eventually", re.I)
_SAMPLE = 2500


def usable_text_problem(text: str) -> str:
    """Why a page's extracted text is not real text ("" when it is fine)."""
    # Judge a sample: this runs on every page of every ingested file.
    sample = text[:_SAMPLE]
    visible = len(sample) - sum(sample.count(c) for c in " \n\t\r\x0b\x0c\xa0")
    if visible <= 0:
        return "needs OCR" if not text[_SAMPLE:].strip() else ""
    if _PLACEHOLDER_WORD.search(sample) and _PLACEHOLDER.search(" ".join(sample.split())):
        return "placeholder text (XFA form)"
    letters = _alnum_count(sample)
    controls = len(_CONTROL.findall(sample))
    if controls > 0.3 * visible or (visible > 20 and letters < 0.3 * visible):
        return "garbage text layer"
    return ""


def _alnum_count(text: str) -> int:
    """How many letters and digits the text has (characters for which str.isalnum is true, as
    for the regular expression word characters but "_"): the ASCII ones by deleting them from its
    bytes, many times faster than matching them, and the few others one by one (each of them is
    one "?" in the bytes)."""
    ascii_bytes = text.encode("ascii", "replace")
    count = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_ALNUM))
    if not text.isascii():
        count += sum(ch.isalnum() for ch in _NOT_ASCII.findall(text))
    return count


def _words_to_text(words) -> tuple[str, list[float]]:
    """Join PyMuPDF words into page text (space within a line, newline between lines); returns
    the text and the word boxes flattened as start, end, x0, y0, x1, y1, … (see pack_words)."""
    parts: list[str] = []
    flat: list[float] = []
    pos = 0
    prev_block = prev_line = None
    for x0, y0, x1, y1, word, block, line, _wno in words:
        if not word.isascii() or "\x00" in word:
            word = _clean(word)
            if not word:
                continue
        if prev_block is not None:
            sep = " " if (block == prev_block and line == prev_line) else ("\n" if block == prev_block else "\n\n")
            parts.append(sep)
            pos += len(sep)
        prev_block, prev_line = block, line
        parts.append(word)
        end = pos + len(word)
        flat += (pos, end, x0, y0, x1, y1)
        pos = end
    return "".join(parts), flat


def _page_text(page, source: str, textpage=None) -> PageText:
    if textpage is None:
        textpage = page.get_textpage(flags=_FLAGS)
    words = page.get_text("words", flags=_FLAGS, textpage=textpage, sort=False)
    text, boxes = _words_to_text(words)
    rect = page.rect
    return PageText(page.number + 1, text, pack_words(boxes), rect.width, rect.height,
                    page.rotation, source)


def _layout(textpage, number: int) -> list[tuple]:
    try:
        return page_lines(textpage, number)
    except Exception:  # noqa: BLE001 - the layout only improves metadata guesses; text is what counts
        return []


def _even_sizes(lines: list[tuple]) -> list[tuple]:
    """OCR guesses no type sizes or weights worth reading (its boxes vary line to line): every
    line of an OCRed page gets the page's median size and plain weight, and only places count."""
    if not lines:
        return lines
    sizes = sorted(line[5] for line in lines)
    median = sizes[len(sizes) // 2]
    return [(*line[:5], median, False, *line[7:]) for line in lines]


# An OCRed line's box is this many times its text's size, about (Tesseract's text layer sets no
# size a reader can use; measured 1.4-2.0 on the shared scans).
_OCR_LINE_PITCH = 1.6


def ocr_layout(page_number: int, text: str, blob: bytes | None) -> list[tuple]:
    """The layout lines of an OCRed page rebuilt from its stored text and word boxes, as
    _even_sizes gives them when the page is read: one line per text line, plain, at one size.
    Reading metadata again uses it, since the original has no text layer to lay out."""
    words = unpack_words(blob)
    lines, heights = [], []
    start, k = 0, 0
    for line in text.split("\n"):
        end = start + len(line)
        while k < len(words) and words[k][1] <= start:
            k += 1
        boxes = []
        while k < len(words) and words[k][0] < end:
            boxes.append(words[k])
            k += 1
        if boxes and line.strip():
            x0, y0 = min(b[2] for b in boxes), min(b[3] for b in boxes)
            x1, y1 = max(b[4] for b in boxes), max(b[5] for b in boxes)
            lines.append([" ".join(line.split()), round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)])
            heights.append(y1 - y0)
        start = end + 1
    if not lines:
        return []
    size = round(sorted(heights)[len(heights) // 2] / _OCR_LINE_PITCH, 1)
    return [(*line, size, False, 0, page_number) for line in lines]


def _ocr_page(page, language: str) -> tuple[PageText, object] | str:
    """OCR one page; returns the text or a reason why it was skipped."""
    rect = page.rect
    pixels = (rect.width / 72 * OCR_DPI) * (rect.height / 72 * OCR_DPI)
    if pixels > MAX_OCR_PIXELS:
        return f"page too large to OCR ({rect.width:.0f}×{rect.height:.0f} pt)"
    lang = _TESS_LANGS.get(language, "eng")
    try:
        tp = _ocr_textpage(page, lang)
    except Exception as exc:  # noqa: BLE001 - Tesseract errors come as RuntimeError/ValueError
        return f"OCR failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    result = _page_text(page, "ocr", textpage=tp)
    if usable_text_problem(result.text):
        return "OCR found no text"
    return result, tp


class _OcrLanguage:
    """The language a document's scanned pages are OCRed in. Tesseract reads a Spanish or French
    page with English data as "Acci6n", "desempefiado", "préoccupés" without its accents, which
    breaks quotation and search; so unless a language is given, it is the language of the pages
    read so far, and when these are all scans, of the first scan read in English: if that is
    Spanish or French (and Tesseract has the data), the page is read again in it, and so are
    the pages after it. English documents cost nothing more; others one page read twice."""

    def __init__(self, given: str | None):
        self.language = given

    def read(self, page, pages: list[PageText]) -> tuple[PageText, object] | str:
        if self.language is None:
            known = detect_language(" ".join(p.text for p in pages if p.text))
            if _can_read(known):
                self.language = known
        if self.language is not None:
            return _ocr_page(page, self.language)
        got = _ocr_page(page, "en")
        if isinstance(got, str):
            return got
        self.language = "en"
        found = detect_language(got[0].text)
        if found != "en" and _can_read(found):
            again = _ocr_page(page, found)
            if not isinstance(again, str):
                self.language = found
                return again
        return got


def _can_read(language: str) -> bool:
    """Whether Tesseract has the data to read `language` ("en", "es", "fr"; "other" it has not)."""
    return language in _TESS_LANGS and _has_language_data(language)


def _has_language_data(language: str) -> bool:
    folder = _tessdata()
    return bool(folder) and os.path.exists(os.path.join(folder, f"{_TESS_LANGS[language]}.traineddata"))


def _ocr_textpage(page, lang: str):
    """The page OCRed by the system's Tesseract program, as a text page in the page's own
    coordinates. The page is rendered in grey at OCR_DPI and handed over as a PNG; Tesseract
    sends back a PDF of the text alone (invisible words where they stand on the image), which is
    read as any PDF. Compared with the Tesseract built into PyMuPDF (Pixmap.pdfocr_tobytes), it
    reads a page in about two thirds of the time (measured 2.4-4.4 s against 4.3-6.0 s for an A4
    scan), with less noise in the words, and the reader process stays 100 MB smaller: the 300 dpi
    colour image and Tesseract's own copies of it are not held in it (Tesseract's process needs
    70 MB). A Tesseract that crashes or hangs takes only its own process down."""
    pix = page.get_pixmap(dpi=OCR_DPI, colorspace=pymupdf.csGRAY)
    png = pix.tobytes("png")
    del pix
    # While Tesseract works, the reader waits as small as it can: the scan's decoded image and
    # the rendering's buffers go back to the system (measured 77 MB down to 59 MB on an A4 scan).
    give_back_memory()
    ocr_pdf = pymupdf.open(stream=_tesseract_pdf(png, lang), filetype="pdf")
    del png
    ocr_page = ocr_pdf.load_page(0)
    unzoom = page.rect.width / ocr_page.rect.width
    tp = ocr_page.get_textpage(flags=_FLAGS, matrix=pymupdf.Matrix(unzoom, unzoom) * page.derotation_matrix)
    tp.parent = weakref.proxy(page)     # as PyMuPDF does: the words are read as the page's
    return tp


def give_back_memory() -> None:
    """Empty MuPDF's store (the fonts and images it decoded) and give the heap's free memory back
    to the system (glibc's malloc_trim; elsewhere only the store)."""
    pymupdf.TOOLS.store_shrink(100)
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim():
    try:
        import ctypes
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()
TESSERACT_TIMEOUT_S = 120       # one page; a scan of dense small print takes 10-20 s here


def _tesseract_pdf(png: bytes, lang: str) -> bytes:
    """Tesseract's text-only PDF of one page image (raises RuntimeError with its reason)."""
    program = shutil.which("tesseract")
    if program is None:
        raise RuntimeError("Tesseract is not installed")
    command = [program, "stdin", "stdout", "-l", lang, "--dpi", str(OCR_DPI), "-c", "textonly_pdf=1"]
    if _tessdata():
        command += ["--tessdata-dir", _tessdata()]
    # One thread: the readers already keep every core busy, and Tesseract's threads only slow it
    # down then (measured: 2.2 s alone, up to 13 s beside other work).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command + ["pdf"], input=png, capture_output=True, env=env,
                              timeout=TESSERACT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"Tesseract took longer than {TESSERACT_TIMEOUT_S} s") from None
    except OSError as exc:
        raise RuntimeError(f"Tesseract could not be started ({exc.strerror or exc})") from None
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        said = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise RuntimeError(said[-1][:160] if said else f"Tesseract stopped with exit code {done.returncode}")
    return done.stdout


def open_pdf(data: bytes, password: str | None = None):
    """Open PDF bytes or raise ExtractionError with a one-line reason."""
    if not data:
        raise ExtractionError("not a PDF: the file is empty")
    if not data[:1024].lstrip().startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise ExtractionError("not a PDF: no PDF header")
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - MuPDF reports damage as several exception types
        raise ExtractionError(f"damaged: {_open_failure(exc)}") from None
    if doc.needs_pass:
        if not password:
            raise ExtractionError("encrypted: needs a password")
        if not doc.authenticate(saslprep(password)) and not doc.authenticate(password):
            raise ExtractionError("encrypted: the password is wrong")
    if doc.page_count == 0:
        raise ExtractionError("damaged: the PDF has no pages")
    return doc


def saslprep(password: str) -> str:
    """Normalise a password as PDF 2.0 requires for AES-256 (RFC 4013, the common subset)."""
    mapped = "".join(
        " " if unicodedata.category(c) == "Zs" else c
        for c in password
        if c not in "\u00ad\u034f\u1806\u180b\u180c\u180d\u200b\u200c\u200d\u2060\ufe00\ufeff"
    )
    return unicodedata.normalize("NFKC", mapped)


def _open_failure(exc: BaseException) -> str:
    """The first thing MuPDF complained about is usually why the file cannot be opened."""
    noise = ("trying to repair broken xref", "repairing PDF document")
    said = [w.strip() for w in pymupdf.TOOLS.mupdf_warnings().splitlines()
            if w.strip() and w.strip() not in noise and not w.startswith("...")]
    if said:
        return f"cannot be opened or repaired ({said[0][:160]})"
    return _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def extract(data: bytes, password: str | None = None, ocr: bool = True,
            language_hint: str | None = None, max_pages: int = 5000) -> Extracted:
    """Text of every page; scanned or garbage pages are OCRed when Tesseract is present.

    language_hint: the language to OCR in ("en", "es", "fr"); by default the document's own,
    see _OcrLanguage."""
    doc = open_pdf(data, password)
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    try:
        meta = {k: _clean(v) for k, v in (doc.metadata or {}).items() if isinstance(v, str) and v}
        pages: list[PageText] = []
        layout: dict[int, list[tuple]] = {}
        wanted = set(layout_pages(min(doc.page_count, max_pages)))
        can_ocr: bool | None = None if ocr else False  # looked up when a page first needs it
        ocr_language = _OcrLanguage(language_hint)
        for number in range(min(doc.page_count, max_pages)):
            try:
                page = doc.load_page(number)
                tp = page.get_textpage(flags=_FLAGS)
                pt = _page_text(page, "text", textpage=tp)
                problem = usable_text_problem(pt.text)
                # Word extraction drops control characters, so a text layer made of them (fonts
                # without a Unicode map) looks empty or like a little punctuation; the raw text
                # shows it. Pages with plenty of real words are not worth the second look.
                if (problem or len(pt.text) < 400) and \
                        usable_text_problem(tp.extractText()) == "garbage text layer":
                    problem = "garbage text layer"
            except Exception as exc:  # noqa: BLE001 - one bad page should not lose the others
                pages.append(PageText(number + 1, "", b"", 0, 0, 0, "none",
                                      f"damaged page: {_first_line(exc)}"))
                continue
            if problem == "needs OCR" and not page.get_images(full=False):
                problem = "blank page"
            if problem and problem != "blank page":
                if can_ocr is None:
                    can_ocr = tesseract_available()
                if can_ocr:
                    got = ocr_language.read(page, pages)
                    if not isinstance(got, str):
                        pages.append(got[0])
                        if number in wanted:
                            layout[number + 1] = _even_sizes(_layout(got[1], number + 1))
                        continue
                    problem = got
                elif problem == "garbage text layer":
                    problem = "needs OCR"
                pt = PageText(pt.number, "", b"", pt.width, pt.height, pt.rotation, "none", problem)
            elif problem:
                pt = PageText(pt.number, "", b"", pt.width, pt.height, pt.rotation, "none", problem)
            elif number in wanted:
                layout[number + 1] = _layout(tp, number + 1)
            pages.append(pt)
        warnings = [w for w in pymupdf.TOOLS.mupdf_warnings().splitlines() if w][:5]
        return Extracted(pages, meta, warnings, layout)
    finally:
        doc.close()
