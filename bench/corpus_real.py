"""Real-language text for the benchmark corpus, so that its vocabulary is not the phrasebooks' alone.

Two sources, both read where they are and never written to:
- the letters of ../shared/letters (real correspondence's facts, English, Spanish and French):
  copied into the corpus as they are, and their sentences mixed into the synthetic letters;
- long prose that every machine has: the Python documentation's topic texts (pydoc_data,
  part of the standard library) and, where present, the licence texts in
  /usr/share/common-licenses (legal English, close to the register of formal letters).
Absent sources are skipped; the Python documentation is always there.
"""
from __future__ import annotations

import random
import re
import shutil
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_LETTERS = ROOT.parent / "shared" / "letters"
LICENSES = Path("/usr/share/common-licenses")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÀÈÇ¿¡])")
_PROSE_WORD = re.compile(r"^[\w’'().,;:!?¿¡«»\"-]+$")


def shared_letters(folder: Path = SHARED_LETTERS) -> list[Path]:
    """The PDFs of the shared letters folder, in name order; [] when the folder is absent."""
    return sorted(folder.glob("*.pdf")) if folder.is_dir() else []


def copy_shared_letters(out_dir: Path, folder: Path = SHARED_LETTERS) -> list[Path]:
    """Copy the shared letters into out_dir/shared-letters (a corpus folder of its own); [] when absent."""
    sources = shared_letters(folder)
    if not sources:
        return []
    target = Path(out_dir) / "shared-letters"
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sources:
        shutil.copyfile(path, target / path.name)
        copied.append(target / path.name)
    return copied


def _fits(sentence: str) -> bool:
    """Prose a letter can carry: 6 to 45 words, mostly words, printable in the standard PDF fonts."""
    words = sentence.split()
    if not 6 <= len(words) <= 45 or not sentence[:1].isupper():
        return False
    if sum(1 for w in words if _PROSE_WORD.match(w) and any(c.isalpha() for c in w)) < 0.9 * len(words):
        return False
    try:
        sentence.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return not any(ch in sentence for ch in "{}[]<>=*_|\\#@")


def _sentences(text: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines()]
        if not lines or any(ln.startswith((">>>", "...", "$")) for ln in lines):
            continue
        joined = " ".join(ln for ln in lines if ln)
        joined = re.sub(r"(\w)- (\w)", r"\1\2", joined)          # words broken across lines
        out += [s.strip() for s in _SENTENCE_END.split(joined) if _fits(s.strip())]
    return out


def _pdf_text(path: Path) -> str:
    import pymupdf
    try:
        with pymupdf.open(path) as doc:
            return "\n\n".join(page.get_text() for page in doc)
    except Exception:  # noqa: BLE001 - a damaged file just gives no sentences
        return ""


def _shared_languages(folder: Path) -> dict[str, str]:
    import json
    try:
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: entry.get("language") or "en" for name, entry in truth.items() if isinstance(entry, dict)}


@lru_cache(maxsize=4)
def sentence_pool(folder: Path = SHARED_LETTERS, licenses: Path = LICENSES) -> dict[str, tuple[str, ...]]:
    """Sentences of real text by language ("en", "es", "fr"), in a fixed order, without repeats."""
    pool: dict[str, list[str]] = {"en": [], "es": [], "fr": []}
    languages = _shared_languages(folder)
    for path in shared_letters(folder):
        pool.setdefault(languages.get(path.name, "en"), []).extend(_sentences(_pdf_text(path)))
    if licenses.is_dir():
        for path in sorted(licenses.iterdir()):
            if path.is_file() and not path.is_symlink():
                pool["en"] += _sentences(path.read_text(encoding="utf-8", errors="replace"))
    from pydoc_data.topics import topics
    for name in sorted(topics):
        pool["en"] += _sentences(topics[name])
    return {lang: tuple(dict.fromkeys(found)) for lang, found in pool.items()}


def real_paragraphs(index: int, seed: int, language: str, pool: dict[str, tuple[str, ...]]) -> list[str]:
    """One to three paragraphs of consecutive real sentences for the index-th letter (the same
    inputs give the same paragraphs); English text where the language has too little."""
    sentences = pool.get(language) or ()
    if len(sentences) < 20:
        sentences = pool.get("en") or ()
    if not sentences:
        return []
    rng = random.Random(f"papertrail-real-text:{seed}:{index}")
    paragraphs = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        start = rng.randrange(len(sentences))
        paragraphs.append(" ".join(sentences[start:start + rng.randint(2, 5)]))
    return paragraphs
