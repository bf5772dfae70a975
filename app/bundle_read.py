"""Reading a shared-letters bundle and checking every field of it before anything is merged."""
from __future__ import annotations

import base64
import binascii
import json
import re
import zipfile
from pathlib import Path

from archive import documents
from archive import passages as pstore
from archive.errors import BadInput
from archive.parties import clean_name
from archive.pdftext import unpack_words

from .backup import stop_if_cancelled
from .files import checked_members, open_zip, read_member, stream_member
from .progress import Cancel

FORMAT = "papertrail-bundle"
FORMAT_VERSION = 1
BUNDLE_JSON = "bundle.json"
# Limits that keep an import's memory bounded (well under 400 MB) whatever the bundle holds:
# bundle.json is read whole, each original is streamed to disk, then read by one worker.
MAX_JSON_BYTES = 64 * 1024 ** 2
MAX_FILE_BYTES = 128 * 1024 ** 2
MAX_TOTAL_BYTES = 16 * 1024 ** 3
MAX_NOTE_CHARS = 100_000
NOT_IMPORTED = "import cancelled; the archive was not changed"


# -- checking a bundle before anything is written ----------------------------------------------------

def _readable_original(head: bytes, file_name: str) -> bool:
    """Whether an original starts as the kind of file its name says: a PDF, an e-mail (.eml, .msg)
    or a Word file. (Every original is read again by Papertrail afterwards, which checks it whole.)"""
    from archive.formats import OLE_MAGIC, looks_like_message, suffix_of
    suffix = suffix_of(file_name)
    return (b"%PDF-" in head[:1024]
            or suffix == ".docx" and head.startswith(b"PK\x03\x04")
            or suffix == ".msg" and head.startswith(OLE_MAGIC)
            or suffix == ".eml" and looks_like_message(head))


class _Bad(Exception):
    pass


_HASH = re.compile(r"[0-9a-f]{64}")
_PID = re.compile(r"[0-9a-f]{6,64}")
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


class OpenBundle:
    """A bundle whose bundle.json has been read and checked; its originals are read one at a
    time, straight into the archive's staging area (see stage)."""

    def __init__(self, source: Path, zf: zipfile.ZipFile, bundle: dict, infos: dict[str, zipfile.ZipInfo]):
        self.source, self.name = source, source.name
        self._zf, self.data, self._infos = zf, bundle, infos

    def refuse(self, reason: str) -> BadInput:
        return BadInput(f"{self.name} cannot be imported: {reason}; nothing was imported")

    def stage(self, store, doc: dict) -> Path:
        """Copy a document's original into the store's staging area, checking as it streams that
        it hashes to the document's id and starts like a PDF; returns the staged file."""
        chunks = stream_member(self._zf, self._infos[doc["file"]], _fail)
        first = True

        def checked():
            nonlocal first
            for chunk in chunks:
                if first and not _readable_original(chunk, doc["file_name"]):
                    raise _Bad(f"{doc['file']} ({doc['file_name']!r}) is not a PDF, e-mail or Word file")
                first = False
                yield chunk
        try:
            return store.stage_stream(doc["id"], checked())
        except ValueError:
            raise self.refuse(f"{doc['file']} does not match its hash (the file was changed or damaged)") from None
        except _Bad as exc:
            raise self.refuse(str(exc)) from None

    def close(self) -> None:
        self._zf.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _fail(reason: str):
    raise _Bad(reason)


def read_bundle(source: Path, cancel: Cancel | None = None) -> OpenBundle:
    """The bundle, its bundle.json read and checked; BadInput saying what is wrong otherwise
    (Cancelled once `cancel` is set). Sizes are checked before anything is read."""
    name = source.name
    zf = open_zip(source, "bundle", name, "imported")
    try:
        infos = checked_members(zf, _limit, MAX_TOTAL_BYTES, _fail)
        if BUNDLE_JSON not in infos:
            raise _Bad(f"it is not a Papertrail bundle (no {BUNDLE_JSON})")
        bundle = _read_json(zf, infos[BUNDLE_JSON])
        _check_bundle(bundle)
        wanted = {d["file"]: d["id"] for d in bundle["documents"]}
        extra = sorted(set(infos) - set(wanted) - {BUNDLE_JSON})
        if extra:
            raise _Bad(f"unexpected file {extra[0]!r} in the bundle")
        missing = sorted(set(wanted) - set(infos))
        if missing:
            raise _Bad(f"{missing[0]} is listed but missing")
        stop_if_cancelled(cancel, NOT_IMPORTED)
    except _Bad as exc:
        zf.close()
        raise BadInput(f"{name} cannot be imported: {exc}; nothing was imported") from None
    except BaseException:
        zf.close()
        raise
    return OpenBundle(source, zf, bundle, infos)


def _limit(member: str) -> int:
    return MAX_JSON_BYTES if member == BUNDLE_JSON else MAX_FILE_BYTES


def _read_json(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict:
    try:
        bundle = json.loads(read_member(zf, info, _fail))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _Bad(f"{BUNDLE_JSON} is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise _Bad("it is not a Papertrail bundle")
    version = bundle.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Bad("its format version is missing")
    if version > FORMAT_VERSION:
        raise _Bad(f"it was made by a newer Papertrail (bundle format {version}); update the app")
    return bundle


def _get(obj: dict, key: str, kind, where: str, optional: bool = False):
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None and optional:
        return None
    ok = isinstance(value, kind) and not (isinstance(value, bool) and kind in (int, float, (int, float)))
    if not ok:
        raise _Bad(f"{where}: {key!r} is missing or has the wrong type")
    if isinstance(value, str) and ("\x00" in value or not _encodable(value)):
        raise _Bad(f"{where}: {key!r} contains characters that cannot be stored")
    return value


def _note(obj: dict, key: str, where: str) -> str:
    """A free-text note: a NUL in it (which SQLite and the index cut text at) is dropped rather
    than refusing the whole bundle; a note longer than any person writes is refused."""
    if isinstance(obj, dict) and isinstance(obj.get(key), str):
        if len(obj[key]) > MAX_NOTE_CHARS:
            raise _Bad(f"{where}: its note is longer than {MAX_NOTE_CHARS:,} characters")
        if "\x00" in obj[key]:
            obj[key] = obj[key].replace("\x00", "")
    return _get(obj, key, str, where)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _strings(obj: dict, key: str, where: str) -> list[str]:
    values = _get(obj, key, list, where)
    for v in values:
        if not isinstance(v, str) or not _encodable(v) or not v.strip():
            raise _Bad(f"{where}: {key!r} must be a list of names")
    return values


def _check_bundle(b: dict) -> None:
    docs = _get(b, "documents", list, "bundle")
    passages = _get(b, "passages", list, "bundle")
    links = _get(b, "links", list, "bundle")
    parties = _get(b, "parties", list, "bundle")
    page_text: dict[str, list[str]] = {}
    for n, d in enumerate(docs, 1):
        where = f"document {n}"
        doc_id = _get(d, "id", str, where)
        if not _HASH.fullmatch(doc_id) or doc_id in page_text:
            raise _Bad(f"{where}: the id is not a SHA-256 hash or appears twice")
        if _get(d, "file", str, where) != f"files/{doc_id}.pdf":
            raise _Bad(f"{where}: the file name must be files/<hash>.pdf")
        for key in ("file_name", "title", "kind", "language", "text_problem", "added_at", "updated_at"):
            _get(d, key, str, where)
        for key in ("size", "pages", "no_text", "confirmed", "date_sort"):
            _get(d, key, int, where)
        for key in ("title_conf", "date_conf", "senders_conf", "recipients_conf", "kind_conf"):
            _get(d, key, (int, float), where)
        if d["kind"] not in documents.KINDS:
            raise _Bad(f"{where}: unknown kind {d['kind']!r}")
        if not d["title"].strip():
            raise _Bad(f"{where}: the title is empty")
        date = _get(d, "date", str, where, optional=True)
        if date is not None and not _ISO.fullmatch(date):
            raise _Bad(f"{where}: the date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        for key in ("ocr_pages", "needs_ocr_pages"):
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in _get(d, key, list, where)):
                raise _Bad(f"{where}: {key!r} must be page numbers")
        meta = _get(d, "pdf_meta", dict, where)
        if not all(isinstance(v, str) and _encodable(v) and _encodable(k) for k, v in meta.items()):
            raise _Bad(f"{where}: 'pdf_meta' must map names to text")
        _strings(d, "senders", where)
        _strings(d, "recipients", where)
        pages = _get(d, "page_texts", list, where)
        if len(pages) != d["pages"] or d["pages"] < 1:
            raise _Bad(f"{where}: has {len(pages)} page text(s) for {d['pages']} page(s)")
        for i, p in enumerate(pages, 1):
            pw = f"{where} page {i}"
            if _get(p, "page", int, pw) != i:
                raise _Bad(f"{pw}: pages must be numbered 1, 2, 3…")
            _get(p, "text", str, pw)
            _get(p, "problem", str, pw)
            if _get(p, "source", str, pw) not in ("text", "ocr", "none"):
                raise _Bad(f"{pw}: unknown text source")
            _get(p, "rotation", int, pw)
            for key in ("width", "height"):
                _get(p, key, (int, float), pw)
            try:
                blob = base64.b64decode(_get(p, "words", str, pw), validate=True)
            except (binascii.Error, ValueError):
                raise _Bad(f"{pw}: word boxes are not base64") from None
            if blob and not check_words(blob):
                raise _Bad(f"{pw}: word boxes cannot be read")
        page_text[doc_id] = [p["text"] for p in pages]
    seen: set[str] = set()
    for n, p in enumerate(passages, 1):
        where = f"passage {n}"
        pid = _get(p, "id", str, where)
        if not _PID.fullmatch(pid) or pid in seen:
            raise _Bad(f"{where}: the id is not valid or appears twice")
        seen.add(pid)
        doc_id = _get(p, "doc_id", str, where)
        if doc_id not in page_text:
            raise _Bad(f"{where}: its document is not in the bundle")
        page, start, end = (_get(p, k, int, where) for k in ("page", "start", "end"))
        last = _get(p, "end_page", int, where, optional=True) or page
        texts = page_text[doc_id]
        if not 1 <= page <= last <= len(texts) or not 0 <= start <= len(texts[page - 1]) or \
                not 0 <= end <= len(texts[last - 1]) or last == page and end < start:
            raise _Bad(f"{where}: page {page}, characters {start}–{end} are outside the document's text")
        for key in ("words_by", "manner", "said_in", "to"):
            _get(p, key, str, where, optional=True)
        if p.get("by_all") is not None and not all(clean_name(n) for n in _strings(p, "by_all", where)):
            raise _Bad(f"{where}: a name in 'by_all' is empty")
        for key in ("quote", "prefix", "suffix", "kind", "created_at", "updated_at"):
            _get(p, key, str, where)
        _note(p, "note", where)
        if p["kind"] not in pstore.KINDS:
            raise _Bad(f"{where}: unknown kind {p['kind']!r}")
        by = _get(p, "by", str, where, optional=True)
        if by is not None and not clean_name(by):
            raise _Bad(f"{where}: 'by' is empty")
        said = _get(p, "said_on", str, where, optional=True)
        if said is not None and not _ISO.fullmatch(said):
            raise _Bad(f"{where}: said_on {said!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        _get(p, "said_on_sort", int, where)
        _get(p, "orphaned", (bool, int), where)
        _get(p, "anchor_conf", (int, float), where)
        _strings(p, "threads", where)
        for h in _get(p, "history", list, where):
            if _get(h, "status", str, where) not in pstore.STATUSES + pstore.QUESTION_STATES:
                raise _Bad(f"{where}: unknown status {h['status']!r}")
            _note(h, "note", where)
            _get(h, "recorded_at", str, where)
            on = _get(h, "on_date", str, where, optional=True)
            if on is not None and not _ISO.fullmatch(on):
                raise _Bad(f"{where}: status date {on!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            _get(h, "evidence_id", str, where, optional=True)
    for p in passages:
        for h in p["history"]:
            if h["evidence_id"] is not None and h["evidence_id"] not in seen:
                raise _Bad(f"passage {p['id'][:8]}: its status evidence is not in the bundle")
    for n, link in enumerate(links, 1):
        where = f"link {n}"
        if _get(link, "relation", str, where) not in pstore.RELATIONS:
            raise _Bad(f"{where}: unknown relation {link['relation']!r}")
        if _get(link, "source", str, where) not in seen or _get(link, "target", str, where) not in seen:
            raise _Bad(f"{where}: it joins passages that are not in the bundle")
        if link["source"] == link["target"]:
            raise _Bad(f"{where}: a passage cannot be linked to itself")
        _get(link, "created_at", str, where)
    for n, party in enumerate(parties, 1):
        if not clean_name(_get(party, "name", str, f"party {n}")):
            raise _Bad(f"party {n}: the name is empty")
        _strings(party, "aliases", f"party {n}")


def check_words(blob: bytes) -> bool:
    """Word boxes decode (used by the bundle checks)."""
    try:
        unpack_words(blob)
        return True
    except Exception:  # noqa: BLE001 - zlib/array errors: not our format
        return False
