"""The quote check: every quotation in the draft compared with its source in the background, and the side panel
that shows each verdict with the changed words struck out and inserted."""
from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from app import library
from app import passages as passages_app
from app.draft import Catalogue, all_page_texts, check_draft, check_typed_quotation, diff_entries, document_titles
from app.draft.model import Citation, Draft, Quote
from app.quotes import check_quote
from archive.errors import PapertrailError

from .convert import QuoteSpan
from .text import STATUS_LABELS

STATUS_COLORS = {"verified": "#2e8540", "altered": "#c27c0e", "unsourced": "#c4314b", "pending": "#8a9099"}
_CACHE_SIZE = 1000
HIGHLIGHT_LIMIT = 60      # above this many quotations the panel follows the caret by scrolling only
_WORD = re.compile(r"\S+")


def changed_ranges(text: str, diff: list[dict]) -> list[tuple[int, int]]:
    """Offsets in the quotation's text of the words a check found replaced or added."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for entry in diff:
        words = entry.get("quote", "").split()
        changed = entry.get("op") in ("replace", "insert")
        for word in words:
            at = text.find(word, pos)
            if at < 0:
                continue       # the checker normalised this word (quote marks, dashes); skip it
            pos = at + len(word)
            if changed:
                if ranges and text[ranges[-1][1]:at].strip() == "":
                    ranges[-1] = (ranges[-1][0], pos)
                else:
                    ranges.append((at, pos))
    return ranges


def _result(verdict, doc_id: str | None) -> dict:
    entries = diff_entries(verdict.diff)
    return {"status": verdict.status, "doc_id": doc_id, "page": verdict.page, "end_page": verdict.end_page,
            "diff": entries,
            "changes": [e for e in entries if e["op"] in ("replace", "insert", "delete")],
            "source_text": verdict.source_text}


class PageTexts:
    """Page texts of source documents, read once per document (shared by the check workers)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pages: dict[str, list[str]] = {}
        self._docs: dict[str, str | None] = {}
        self._everything = None

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._docs.clear()
            self._everything = None

    def everything(self, archive) -> tuple[list[tuple[str, list[str]]], dict[str, str], Catalogue]:
        """Every document's page texts and titles, and what citations can name, for typed quotations."""
        with self._lock:
            if self._everything is not None:
                return self._everything
        found = (all_page_texts(archive), document_titles(archive), Catalogue.of(archive))
        with self._lock:
            self._everything = found
        return found

    def source_doc(self, archive, citation: Citation) -> str | None:
        """The document the quotation's passage is in now (or the one it names), if the archive has it."""
        key = citation.passage_id or ""
        with self._lock:
            if key and key in self._docs:
                return self._docs[key]
        doc_id = None
        if citation.passage_id:
            try:
                doc_id = passages_app.get(archive, citation.passage_id)["doc_id"]
            except PapertrailError:
                doc_id = None
        if doc_id is None and citation.doc_id and self.pages(archive, citation.doc_id) is not None:
            doc_id = citation.doc_id
        with self._lock:
            if key:
                self._docs[key] = doc_id
        return doc_id

    def pages(self, archive, doc_id: str) -> list[str] | None:
        with self._lock:
            if doc_id in self._pages:
                return self._pages[doc_id]
        try:
            rows = library.show_doc(archive, doc_id)["text"]
        except PapertrailError:
            return None
        texts: list[str] = []
        for row in rows:
            texts.extend([""] * (row["page"] - 1 - len(texts)))
            texts.append(row["text"] or "")
        with self._lock:
            self._pages[doc_id] = texts
        return texts


_TYPED_KEYS = ("status", "doc_id", "page", "end_page", "diff", "changes", "source_text", "doc_title",
               "cited_doc_id", "in_cited", "citation_note", "cited_pages", "page_ok")


def check_quotes(archive, items: list[tuple[str, Citation | str | None]], pages: PageTexts,
                 cancel=None) -> list[dict]:
    """Verdicts for (quoted text, citation) pairs: an inserted quotation's Citation, or for one typed by
    hand the citation typed after it (text) or None. A quotation whose source has gone is looked for
    in every document, as check_draft does."""
    out = []
    for text, citation in items:
        if cancel is not None and cancel.is_set():
            break
        if not isinstance(citation, Citation):     # typed by hand: checked exactly as quote-check checks a file
            docs, titles, catalogue = pages.everything(archive)
            found = check_typed_quotation(text, docs, titles, citation, catalogue)
            out.append({k: found[k] for k in _TYPED_KEYS})
            continue
        doc_id = pages.source_doc(archive, citation)
        texts = pages.pages(archive, doc_id) if doc_id else None
        if texts is not None:
            out.append(_result(check_quote(text, texts), doc_id))
            continue
        lonely = Draft(to="", from_=[], date="", subject="", salutation="", closing="",
                       blocks=[Quote(text, citation)])
        found = check_draft(archive, lonely)[0]
        out.append({k: found[k] for k in ("status", "doc_id", "page", "end_page", "diff", "changes",
                                          "source_text")})
    return out


def _key(text: str, citation: Citation | str | None) -> tuple:
    if isinstance(citation, Citation):
        return (text, citation.passage_id, citation.doc_id)
    return (text, None, citation)


class QuoteChecker(QObject):
    """Checks quotations off the GUI thread, one run at a time; remembers verdicts and page texts."""

    checked = Signal(list)        # one result dict (or None while still pending) per requested quotation
    busy_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.pages = PageTexts()
        self._verdicts: OrderedDict[tuple, dict] = OrderedDict()
        self._wanted: list[tuple[str, Citation | str | None]] = []
        self._running = None
        self._again = False
        self.results: list[dict | None] = []

    def clear(self) -> None:
        """Forget cached verdicts and page texts (after the archive's text or passages changed)."""
        self._verdicts.clear()
        self.pages.clear()

    def is_busy(self) -> bool:
        return self._running is not None

    def is_current(self) -> bool:
        """Every quotation asked about last has a verdict."""
        return not self.is_busy() and all(r is not None for r in self.results)

    def request(self, quotes: list[tuple[str, Citation | str | None]]) -> None:
        self._wanted = list(quotes)
        self._emit()
        if any(_key(t, c) not in self._verdicts for t, c in self._wanted):
            if self._running is not None:
                self._again = True
            else:
                self._start()

    def _emit(self) -> None:
        self.results = [self._verdicts.get(_key(t, c)) for t, c in self._wanted]
        self.checked.emit(self.results)

    def _start(self) -> None:
        missing = _unique_missing(self._wanted, self._verdicts)
        if not missing or self.session is None:
            return
        pages = self.pages

        def work(archive, job):
            return missing, check_quotes(archive, missing, pages, job.cancel)

        self._running = self.session.read(work, self._on_done, self._on_failed)
        self.busy_changed.emit(True)

    def _on_done(self, result) -> None:
        missing, verdicts = result
        for (text, citation), verdict in zip(missing, verdicts):
            self._verdicts[_key(text, citation)] = verdict
        while len(self._verdicts) > _CACHE_SIZE:
            self._verdicts.popitem(last=False)
        self._finish()

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
        self._again = False
        self._finish()

    def _finish(self) -> None:
        self._running = None
        self._emit()
        if self._again:
            self._again = False
            self._start()
        if self._running is None:
            self.busy_changed.emit(False)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the current run is over (for closing and tests)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer
        deadline = QDeadlineTimer(msecs)
        while self._running is not None and not deadline.hasExpired():
            QCoreApplication.processEvents()
            self.session.readers.pool.waitForDone(20)
        return self._running is None


def _unique_missing(wanted, verdicts) -> list[tuple[str, Citation | str | None]]:
    seen, out = set(), []
    for text, citation in wanted:
        key = _key(text, citation)
        if key not in verdicts and key not in seen:
            seen.add(key)
            out.append((text, citation))
    return out


# ---------------------------------------------------------------- the side panel

def summary_counts(results: list[dict | None]) -> dict[str, int]:
    """How many quotations have each verdict; miscited: a typed citation that is wrong (the words
    are only in another document than the one it names, or on other pages than it gives), of which
    wrong_page the latter."""
    counts = {"verified": 0, "altered": 0, "unsourced": 0, "pending": 0, "miscited": 0, "wrong_page": 0}
    for r in results:
        counts[r["status"] if r else "pending"] += 1
        if r and r.get("citation_note"):
            counts["miscited"] += 1
        if r and r.get("page_ok") is False:
            counts["wrong_page"] += 1
    return counts


def _words(text: str, limit: int) -> str:
    words = text.split()
    if len(words) <= limit:
        return " ".join(words)
    half = limit // 2
    return " ".join(words[:half]) + " … " + " ".join(words[-half:])


def diff_html(diff: list[dict], colors: dict[str, str]) -> str:
    """The quotation as checked: dropped or changed source words struck out, the quotation's own
    words in their place underlined."""
    removed, added = STATUS_COLORS["unsourced"], STATUS_COLORS["verified"]
    muted = colors.get("muted", "#5f6670")
    parts = []
    for i, e in enumerate(diff):
        op, quote, source = e["op"], html.escape(e["quote"]), html.escape(e["source"])
        if op == "equal":
            keep = 14 if 0 < i < len(diff) - 1 else 8
            parts.append(html.escape(_words(e["quote"], keep)))
        elif op == "replace":
            parts.append(f'<s style="color:{removed}">{source}</s> '
                         f'<u style="color:{added}"><b>{quote}</b></u>')
        elif op == "insert":
            parts.append(f'<u style="color:{added}"><b>{quote}</b></u>')
        elif op == "delete":
            parts.append(f'<s style="color:{removed}">{source}</s>')
        elif op == "elided":
            parts.append(f'<span style="color:{muted}">[…]</span>')
        else:   # an editorial mark, [sic] or [W]e
            parts.append(f'<span style="color:{muted}">{quote}</span>')
    return " ".join(parts)


class QuoteCheckPanel(QWidget):
    """Always-visible list of the draft's quotations and how each compares with its source."""

    quote_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quoteCheckPanel")
        self.colors: dict[str, str] = {}
        self.results: list[dict | None] = []
        self.spans: list[QuoteSpan] = []
        self.citation_style = "footnotes"
        self.current = -1
        self.busy = False
        self._shown = None
        v = QVBoxLayout(self)
        v.setContentsMargins(14, 12, 10, 8)
        v.setSpacing(6)
        title = QLabel("QUOTE CHECK", self)
        title.setObjectName("sectionHeader")
        v.addWidget(title)
        self.summary = QLabel("", self)
        self.summary.setObjectName("quoteSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("Quote check summary")
        v.addWidget(self.summary)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("quoteList")
        self.browser.setAccessibleName("Quotations and their check results")
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        v.addWidget(self.browser, 1)
        self._render()

    def set_colors(self, colors: dict[str, str]) -> None:
        self.colors = dict(colors)
        self._shown = None
        self._render()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._render_summary()

    def set_results(self, spans: list[QuoteSpan], results: list[dict | None], citation_style: str) -> None:
        self.spans, self.results, self.citation_style = list(spans), list(results), citation_style
        shown = (citation_style, [(s.text, s.citation.text() if s.citation else s.cited_as) for s in spans],
                 [(r["status"], r["page"], str(r["diff"]), r.get("citation_note")) if r else None for r in results])
        if shown == self._shown:
            self._render_summary()
            return       # nothing a reader would see has changed: keep the list (and its scroll position)
        self._shown = shown
        self._render()

    def set_current(self, index: int) -> None:
        if index != self.current:
            self.current = index
            if len(self.spans) <= HIGHLIGHT_LIMIT:
                self._render()       # a long list is only scrolled: rebuilding it would make typing stutter
            if index >= 0:
                self.browser.scrollToAnchor(f"q{index}")
                bar = self.browser.verticalScrollBar()
                if bar.value() < bar.maximum():
                    bar.setValue(max(0, bar.value() - 6))   # a little air above the card

    def status_of(self, index: int) -> str:
        r = self.results[index] if 0 <= index < len(self.results) else None
        return r["status"] if r else "pending"

    def counts(self) -> dict[str, int]:
        return summary_counts(self.results)

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("quote:"):
            self.quote_activated.emit(int(text[6:]))

    def _render_summary(self) -> None:
        counts = self.counts()
        if not self.spans:
            self.summary.setText(f'<span style="color:{self.colors.get("muted", "#5f6670")}">'
                                 "No quotations yet</span>")
            return
        bits = []
        for status in ("verified", "altered", "unsourced"):
            n = counts[status]
            color = STATUS_COLORS[status] if n else self.colors.get("muted", "#8a9099")
            bits.append(f'<span style="color:{color}">●</span> {n} {status}')
        if counts["pending"] or self.busy:
            bits.append(f'<span style="color:{self.colors.get("muted", "#8a9099")}">checking…</span>')
        text = " &nbsp; ".join(bits)
        if counts["miscited"]:      # on a line of its own: the panel is narrow
            n = counts["miscited"]
            pages = counts["wrong_page"]
            why = ("not on the pages cited" if pages == n else "not in the document cited" if not pages
                   else "see each quotation")
            text += (f'<br><span style="color:{STATUS_COLORS["unsourced"]}">▲ {n} wrong citation{"s" * (n != 1)}: '
                     f'{why}</span>')
        self.summary.setText(text)

    def _render(self) -> None:
        self._render_summary()
        c = self.colors
        text, muted = c.get("text", "#1f2328"), c.get("muted", "#5f6670")
        current_bg = c.get("highlight", "#d6e4fb")
        if not self.spans:
            self.browser.setHtml(
                f'<p style="color:{muted}">Insert a tagged passage (Insert ▸ Passage…, or drag one here) and '
                "it is checked word for word against its source as you write.</p>"
                f'<p style="color:{muted}">Shorten a quotation with […], mark errors with [sic], '
                "or add [emphasis added]: these do not count as changes.</p>")
            return
        cards = []
        for i, span in enumerate(self.spans):
            r = self.results[i] if i < len(self.results) else None
            status = r["status"] if r else "pending"
            color = STATUS_COLORS[status]
            typed = span.citation is None
            number = "Typed" if typed else f"{i + 1}" if self.citation_style != "inline" else f"{i + 1}."
            where = ""
            if r and r.get("page"):
                where = f" · pp. {r['page']}–{r['end_page']}" if r.get("end_page") else f" · p. {r['page']}"
            head = (f'<a name="q{i}"></a><a href="quote:{i}" style="color:{text};text-decoration:none">'
                    f'<b>{number}</b></a>&nbsp;&nbsp;<span style="color:{color}">●&nbsp;<b>'
                    f'{STATUS_LABELS[status]}</b></span><span style="color:{muted}">{where}</span>')
            if typed:
                # Where the words were found is worth saying unless it is the document the citation names.
                found = f": found in {r['doc_title']}" if r and r.get("doc_title") and status != "unsourced" \
                    and not r.get("in_cited") and not r.get("citation_note") else ""
                source = (f"Typed quotation, cited as {span.cited_as}" if span.cited_as
                          else "Typed quotation, no source cited") + found
            else:
                source = span.citation.text()
            cite = f'<span style="color:{muted};font-size:small">{html.escape(source)}</span>'
            if r and r.get("citation_note"):
                cite += (f'<div style="color:{STATUS_COLORS["unsourced"]};margin-top:4px">'
                         f'▲ <b>Check the citation:</b> {html.escape(r["citation_note"])}</div>')
            if status == "altered":
                body = diff_html(r["diff"], c)
            elif status == "unsourced":
                body = (f'<span style="color:{muted}">These words were not found in the source. </span>'
                        f'<span style="color:{STATUS_COLORS["unsourced"]}">'
                        f"“{html.escape(_words(span.text, 24))}”</span>")
            else:
                body = f'<span style="color:{text}">“{html.escape(_words(span.text, 24))}”</span>'
            bg = current_bg if i == self.current else c.get("base", "#ffffff")
            cards.append(f'<table width="100%" cellspacing="0" cellpadding="9" bgcolor="{bg}"><tr><td>{head}<br>'
                         f'{cite}<div style="margin-top:5px">{body}</div></td></tr></table>'
                         '<p style="font-size:4px;margin:0">&nbsp;</p>')
        bar = self.browser.verticalScrollBar().value()
        self.browser.setHtml("".join(cards))
        self.browser.verticalScrollBar().setValue(bar)
