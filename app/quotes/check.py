"""Checking a quotation word for word against its source, allowing the usual editorial marks."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .find import find_quote
from .pages import body_span, span_text
from .text import _EDGE, _STOPWORDS, _check_pages, _likely_pages, _norm, _Tokens, _tokens

UNSOURCED_BELOW = 0.6       # share of a quote's words that must be found in order
WILDCARD_WORDS = 6          # a "[bracketed substitution]" stands for at most this many words


@dataclass
class QuoteVerdict:
    """How a quotation compares with its source.

    diff is a list of (op, text), in quote order:
      ("equal", quote words)              words quoted exactly
      ("replace:<quote words>", source)   source words the quote changed
      ("insert", quote words)             words the quote adds
      ("delete", source words)            source words left out without an elision mark, or hidden
                                          negations ("not") under a short elision
      ("elided", source words)            words left out with "[...]", "..." or "…"
      ("editorial:<[bracketed]>", source) an editorial substitution and the source words it stands for
    """
    status: str                         # "verified" | "altered" | "unsourced"
    source_text: str
    diff: list[tuple[str, str]] = field(default_factory=list)
    page: int | None = None
    start: int | None = None
    end: int | None = None
    end_page: int | None = None         # set when the source span runs onto the next page


_RANK = {"verified": 2, "altered": 1, "unsourced": 0}
_NEGATIONS = {"not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "cannot", "without"}
_QTOKEN = re.compile(
    r"(?P<gap>\[\s*(?:\.\s*){3,}\]|\.(?:\s?\.){2,})"
    r"|(?P<drop>[\[(](?:sic!?|emphasis (?:added|supplied|mine|in original)|italics added)[\])])"
    r"|(?P<bracket>[^\s\[]*\[[^\]]*\][^\s\[]*)"
    r"|(?P<word>(?:[^\s\[.]|\.(?!\s?\.\s?\.))+)"
    r"|(?P<stray>\S)", re.I)


@dataclass
class _Item:
    kind: str           # "word" | "wild" | "gap"
    text: str           # as written in the quote
    core: str = ""
    free_case: bool = False
    lo: int = 0
    hi: int = 0


def _parse_quote(quoted: str) -> list[_Item]:
    items: list[_Item] = []
    norm = _norm(quoted)
    text = norm.text
    for j in reversed(norm.joins):   # keep a pasted line-end hyphen so it can meet the page's
        text = text[:j] + "-" + text[j:]
    text = re.sub(r"(?<=[^\W\d_])- (?=[^\W\d_])", "-", text)   # "commit- ment" pasted from a viewer
    for m in _QTOKEN.finditer(text):
        tok, kind = m.group(), m.lastgroup
        if kind == "gap":
            items.append(_Item("gap", tok))
        elif kind == "word":
            if tok.strip(_EDGE):
                items.append(_Item("word", tok, tok.strip(_EDGE)))
        elif kind == "bracket":
            pre, content, post = re.fullmatch(r"([^\[]*)\[([^\]]*)\](.*)", tok).groups()
            pre_core, post_core = pre.strip(_EDGE), post.strip(_EDGE)
            if content.strip(". ") == "":
                items.append(_Item("gap", tok))
            elif content.lower() in ("sic", "sic!"):
                if (pre + post).strip(_EDGE):
                    items.append(_Item("word", tok, (pre + post).strip(_EDGE)))
            elif not pre_core and len(content) == 1 and content.isalpha() and post_core:
                items.append(_Item("word", tok, content + post_core, free_case=True))   # "[W]e"
            elif not pre_core and not post_core:
                items.append(_Item("wild", tok, lo=0, hi=WILDCARD_WORDS))
            else:
                items.append(_Item("wild", tok, lo=1, hi=1))   # an altered word form, "commit[s]"
    while items and items[0].kind == "gap":
        items.pop(0)
    while items and items[-1].kind == "gap":
        items.pop()
    cleaned: list[_Item] = []
    for item in items:
        if item.kind == "gap" and cleaned[-1].kind == "gap":
            continue
        if item.kind == "word" and (not cleaned or cleaned[-1].kind == "gap"):
            item.free_case = True   # "we will" for "We will", also after an elision
        cleaned.append(item)
    return cleaned


def _lower_first(word: str) -> str:
    return word[:1].lower() + word[1:]


_MATCH, _SUB, _INS, _DEL = 1, 2, 3, 4
# A changed word costs less than an added or dropped one, so "2025" -> "2026" reads as a replacement.
_SUB_COST, _GAP_COST = 2, 3
# A word found in its place earns as much as a word added or dropped costs: the alignment that
# grades a quote keeps as many of its words on their source words as it can without reaching far.
_MATCH_GAIN = 3
# The alignment that is shown keeps every word it can find in order on its source word, whatever
# the edits around it cost (as a word diff does): "would help restore trust." against "would go a
# long way towards restoring trust." shows "go a long way towards restoring" replaced by "help
# restore", not "go a long" replaced by "help restore trust." with the rest left out of the quote.
_SHOWN_MATCH_GAIN = 1000


def _align(items: list[_Item], cores: list[str], alts: list[str], gain: int = _MATCH_GAIN) -> tuple[int, list]:
    """Edit-distance alignment of the quote against a window of source words, free at both ends;
    each word found in its place takes `gain` off.

    Returns the cost of the edits (0: word for word) and the steps (kind, item index, first token,
    token count) in quote order.
    """
    W = len(cores)
    at: dict[str, set[int]] = {}
    at_lower: dict[str, set[int]] = {}
    for j, (c, a) in enumerate(zip(cores, alts)):
        for word in {c, a}:
            at.setdefault(word, set()).add(j)
            at_lower.setdefault(_lower_first(word), set()).add(j)
    big = 10 ** 9
    prev = [0] * (W + 1)
    back: list[list[int]] = []
    for item in items:
        cur, bp = [big] * (W + 1), [0] * (W + 1)
        if item.kind == "word":
            same = at.get(item.core, set())
            if "-" in item.core:   # hyphenation is not an alteration
                same = same | at.get(item.core.replace("-", ""), set())
            if item.free_case:
                same = same | at_lower.get(_lower_first(item.core), set())
            cur[0], bp[0] = prev[0] + _GAP_COST, _INS
            for j in range(1, W + 1):
                v, b = (prev[j - 1] - gain, _MATCH) if j - 1 in same else (prev[j - 1] + _SUB_COST, _SUB)
                if prev[j] + _GAP_COST < v:
                    v, b = prev[j] + _GAP_COST, _INS
                if cur[j - 1] + _GAP_COST < v:
                    v, b = cur[j - 1] + _GAP_COST, _DEL
                cur[j], bp[j] = v, b
        elif item.kind == "wild":
            order = [k for k in [1, 0] + list(range(2, item.hi + 1)) if item.lo <= k <= item.hi]
            for j in range(W + 1):
                v, b = big, 0
                for k in order:
                    if k <= j and prev[j - k] < v:
                        v, b = prev[j - k], -(k + 1)
                if item.lo and prev[j] + _GAP_COST < v:
                    v, b = prev[j] + _GAP_COST, _INS
                if j and cur[j - 1] + _GAP_COST < v:
                    v, b = cur[j - 1] + _GAP_COST, _DEL
                cur[j], bp[j] = v, b
        else:   # an elision skips any number of source words at no cost
            best_i = 0
            for j in range(W + 1):
                if prev[j] <= prev[best_i]:
                    best_i = j
                cur[j], bp[j] = prev[best_i], -(j - best_i + 1)
        back.append(bp)
        prev = cur
    j = min(range(W + 1), key=lambda x: prev[x])
    steps = []
    r = len(items)
    while r > 0:
        b = back[r - 1][j]
        if b in (_MATCH, _SUB):
            steps.append(("match" if b == _MATCH else "sub", r - 1, j - 1, 1))
            r, j = r - 1, j - 1
        elif b == _INS:
            steps.append(("ins", r - 1, j, 0))
            r -= 1
        elif b == _DEL:
            steps.append(("del", r - 1, j - 1, 1))
            j -= 1
        else:
            k = -b - 1
            steps.append((items[r - 1].kind, r - 1, j - k, k))
            r, j = r - 1, j - k
    steps.reverse()
    cost = sum(_SUB_COST if kind == "sub" else _GAP_COST if kind in ("ins", "del") else 0 for kind, *_ in steps)
    return cost, steps


def _merge(diff: list[tuple[str, str]], op: str, text: str) -> None:
    """Add a step to the diff; changes side by side read as one replacement ("go a long way towards
    restoring" replaced by "help restore", not a deletion and then a replacement)."""
    last = diff[-1][0] if diff else ""
    if op == last and op in ("equal", "insert", "delete"):
        diff[-1] = (op, diff[-1][1] + " " + text)
    elif op in ("insert", "delete") or op.startswith("replace:"):
        if last not in ("insert", "delete") and not last.startswith("replace:"):
            diff.append((op, text))
            return
        quote = [diff[-1][1] if last == "insert" else last[8:], text if op == "insert" else op[8:]]
        source = ["" if last == "insert" else diff[-1][1], "" if op == "insert" else text]
        diff[-1] = ("replace:" + " ".join(q for q in quote if q), " ".join(w for w in source if w))
    else:
        diff.append((op, text))


def _region(items: list[_Item], cores: list[str], alts: list[str]) -> tuple[int, int]:
    """The stretch of a page worth aligning: around the best diagonal of each unelided segment."""
    at: dict[str, list[int]] = {}
    for j, (c, a) in enumerate(zip(cores, alts)):
        at.setdefault(c, []).append(j)
        if a != c:
            at.setdefault(a, []).append(j)
    segments, votes, offset = [], Counter(), 0
    for item in items:
        if item.kind == "gap":
            segments.append((votes, offset))
            votes, offset = Counter(), 0
            continue
        if item.kind == "word":
            for j in at.get(item.core, at.get(item.core.replace("-", ""), ())):
                votes[j - offset] += 1
        offset += 1
    segments.append((votes, offset))
    lo, hi = len(cores), 0
    for votes, length in segments:
        if votes:
            # Neighbouring diagonals count together: a bracketed insertion shifts the words after it.
            best = max(votes, key=lambda d: (sum(votes.get(d + k, 0) for k in range(-3, 4)), -d))
            lo, hi = min(lo, best), max(hi, best + length)
    slack = 8 + WILDCARD_WORDS * sum(1 for it in items if it.kind == "wild")
    return max(0, lo - slack), min(len(cores), hi + slack)


def _judge(items: list[_Item], window: list[tuple[_Tokens, int, int]], page_texts: list[str]) -> QuoteVerdict:
    """Align the quote with a window of (page tokens, token index, page index) and grade it."""
    cores, alts = [tk.cores[i] for tk, i, _ in window], [tk.alts[i] for tk, i, _ in window]
    words = lambda first, count: " ".join(cores[x] for x in range(first, first + count))  # noqa: E731
    # The verdict comes from the grading alignment; the diff and the source span from the one shown.
    cost, steps = _align(items, cores, alts)
    cost, matched, diff, used = _walk(items, steps, cost, words)
    shown = _align(items, cores, alts, _SHOWN_MATCH_GAIN)[1]
    if shown != steps:
        _, _, diff, used = _walk(items, shown, 0, words)
    total = sum(1 for it in items if it.kind == "word")
    if not used or not total or matched / total < UNSOURCED_BELOW:
        status = "unsourced"
    else:
        status = "verified" if cost == 0 else "altered"
    if not used:
        return QuoteVerdict(status, "", diff)
    tk_a, ia, pa = window[min(used)]
    tk_b, ib, pb = window[max(used)]
    start, end = tk_a.norm.orig_start(tk_a.starts[ia]), tk_b.norm.orig_end(tk_b.ends[ib] - 1)
    if pa == pb:
        return QuoteVerdict(status, page_texts[pa][start:end], diff, pa + 1, start, end)
    text = span_text(page_texts, pa + 1, start, pb + 1, end)
    return QuoteVerdict(status, text, diff, pa + 1, start, end, pb + 1)


def _walk(items: list[_Item], steps: list, cost: int, words) -> tuple[int, int, list, list[int]]:
    """An alignment's steps read out: its cost (with a "not" hidden by an elision counted), how many
    words it found, its diff and the window positions it used."""
    diff: list[tuple[str, str]] = []
    matched, used = 0, []
    for kind, r, first, count in steps:
        item = items[r]
        if count:
            used += [first, first + count - 1]
        source = words(first, count)
        hidden = any(w.lower() in _NEGATIONS or w.lower().endswith("n't") for w in source.split())
        if kind == "match":
            matched += 1
            _merge(diff, "equal", item.text)
        elif kind == "sub":
            _merge(diff, "replace:" + item.text, source)
        elif kind == "ins":
            _merge(diff, "insert", item.text)
        elif kind == "del":
            _merge(diff, "delete", source)
        elif kind == "gap":
            # An elision may shorten a quote but must not hide a "not".
            if hidden and count <= 3:
                cost += 1
                _merge(diff, "delete", source)
            else:
                diff.append(("elided", source))
        elif hidden and not any(w.lower().strip(_EDGE) in _NEGATIONS for w in item.text.split()):
            cost += 1
            _merge(diff, "replace:" + item.text, source)
        else:
            diff.append(("editorial:" + item.text, source))
    return cost, matched, diff, used


def check_quote(quoted: str, page_texts: list[str]) -> QuoteVerdict:
    """Compare a quotation in a draft with a source document, allowing the usual editorial marks."""
    _check_pages(page_texts)
    if not isinstance(quoted, str):
        raise TypeError(f"the quotation must be text, not {type(quoted).__name__}")
    items = _parse_quote(quoted)
    word_items = [it for it in items if it.kind == "word"]
    nothing = QuoteVerdict("unsourced", "", [("insert", " ".join(it.text for it in items))] if items else [])
    if not word_items:
        return nothing
    if len(word_items) == len(items):
        # A plain quotation found as it stands is verified, wherever repetitive text might
        # otherwise mislead the word alignment below.
        plain = quoted.strip().strip("\"'“”‘’«» \t\n")
        found = find_quote(page_texts, plain) if plain else []
        if found:
            o = found[0]
            return QuoteVerdict("verified", o.quote, [("equal", o.quote)], o.page, o.start, o.end, o.end_page)
    # The longest hyphen-free piece: "commit-ment" may be printed "commit-\nment" and stored joined.
    words = [max((it.core[1:] if it.free_case else it.core).split("-"), key=len) for it in word_items]
    pairs = [a.text.lstrip(_EDGE)[int(a.free_case):] + " " + b.text.rstrip(_EDGE)
             for a, b in zip(items, items[1:]) if a.kind == b.kind == "word"]
    likely = _likely_pages(words, pairs, page_texts, UNSOURCED_BELOW, 3)
    best = nothing
    spill = 2 * len(items) + 20
    for p in likely:
        here = _tokens(page_texts[p])
        window = [(here, i, p) for i in range(len(here.cores))]
        if p + 1 < len(page_texts):
            # The quote may run on to the next page; the page number and running head between do not count.
            body_end = body_span(page_texts, p)[1]
            window = [w for w in window if here.norm.orig_start(here.starts[w[1]]) < body_end]
            after = _tokens(page_texts[p + 1])
            body_start = body_span(page_texts, p + 1)[0]
            onward = [i for i in range(len(after.cores)) if after.norm.orig_start(after.starts[i]) >= body_start]
            window += [(after, i, p + 1) for i in onward[:spill]]
        lo, hi = _region(items, [tk.cores[i] for tk, i, _ in window], [tk.alts[i] for tk, i, _ in window])
        if hi <= lo:
            continue
        verdict = _judge(items, window[lo:hi], page_texts)
        if _RANK[verdict.status] > _RANK[best.status] or (
                verdict.status == best.status and _score(verdict) > _score(best)):
            best = verdict
        if best.status == "verified":
            break
    return best


def _score(verdict: QuoteVerdict) -> float:
    equal = sum(len(t.split()) for op, t in verdict.diff if op == "equal")
    other = sum(len(t.split()) for op, t in verdict.diff if op not in ("equal", "elided"))
    return equal / (equal + other) if equal + other else 0.0


def best_source(quoted: str, documents: Iterable[tuple[str, list[str]]]) -> tuple[str | None, QuoteVerdict]:
    """The document a quotation most likely comes from and its verdict; (None, unsourced) if none.

    Documents are first screened on the raw page text for the quote's longer words (letters and
    digits only, so typography does not matter); only the best few are compared in detail.
    """
    if not isinstance(quoted, str):
        raise TypeError(f"the quotation must be text, not {type(quoted).__name__}")
    items = _parse_quote(quoted)
    pieces = set()
    for it in items:
        if it.kind == "word":
            for piece in re.findall(r"[^\W_]{4,}", it.core):
                if piece.lower() not in _STOPWORDS:
                    pieces.add(piece[1:] if it.free_case and it.core.startswith(piece) else piece)
    rare = sorted(pieces, key=lambda w: (-len(w), w))[:8]
    pairs = [a.text.lstrip(_EDGE)[int(a.free_case):] + " " + b.text.rstrip(_EDGE)
             for a, b in zip(items, items[1:]) if a.kind == b.kind == "word"][:12]
    candidates = []
    for order, (doc_id, pages) in enumerate(documents):
        _check_pages(pages)
        hits = sum(1 for w in rare if any(w in t for t in pages))
        if hits >= math.ceil(0.5 * len(rare)):
            together = sum(1 for pair in pairs if any(pair in t for t in pages))
            candidates.append((-hits, -together, order, doc_id, pages))
    best: tuple[str | None, QuoteVerdict] = (None, check_quote(quoted, []))
    for *_, doc_id, pages in sorted(candidates, key=lambda c: c[:3])[:5]:
        verdict = check_quote(quoted, pages)
        current = best[1]
        if _RANK[verdict.status] > _RANK[current.status] or (
                verdict.status == current.status != "unsourced" and _score(verdict) > _score(current)):
            best = (doc_id, verdict)
        if verdict.status == "verified":
            break
    return best
