"""Exporters from a timeline dict to CSV, JSON, TimelineJS, HTML and Markdown, and passages to Web Annotations."""

import calendar
import csv
import html
import io
import json
import re
import uuid
from collections import Counter
from datetime import datetime, timezone

FORMATS = ("csv", "json", "timelinejs", "html", "md")

MONTHS = tuple(calendar.month_name)  # fixed English names: exports must not depend on the OS locale
KIND_COLOURS = {"commitment": "#0072B2", "claim": "#E69F00", "rebuttal": "#CC79A7"}  # Okabe-Ito, colour-blind safe
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_MD_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PDF_FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3778"


def export_timeline(timeline: dict, fmt: str) -> str:
    """Render the timeline in one of FORMATS."""
    writers = {"csv": to_csv, "json": to_json, "timelinejs": to_timelinejs, "html": to_html, "md": to_markdown}
    if fmt not in writers:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    return writers[fmt](timeline)


# ---------------------------------------------------------------- shared helpers

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value):
    """Replace lone surrogates (from broken PDF text) with U+FFFD so every writer can encode its output."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value       # the common case, and a cheap check
        # The UTF-16 round trip joins valid surrogate pairs and replaces lone halves.
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _prepare(timeline) -> dict:
    """Check the timeline's shape and return a cleaned copy; raise ValueError with a readable message."""
    if not isinstance(timeline, dict) or not isinstance(timeline.get("events", []), list):
        raise ValueError("A timeline must be a dict with an 'events' list, as printed by `timeline --format json`.")
    timeline = _clean(timeline)
    for section in ("events", "undated"):
        items = timeline.get(section) or []
        if not isinstance(items, list) or not all(isinstance(e, dict) for e in items):
            raise ValueError(f"The timeline's {section!r} entry must be a list of passage dicts.")
        timeline[section] = items
    # A dated list entry without a date is treated as undated, so writers only check one place.
    timeline["undated"] = timeline["undated"] + [e for e in timeline["events"] if not e.get("date")]
    timeline["events"] = [e for e in timeline["events"] if e.get("date")]
    for passage in _all_passages(timeline):
        if isinstance(passage.get("threads"), str):
            passage["threads"] = [passage["threads"]]
        links = passage.get("links") or []
        if not isinstance(links, list) or not all(isinstance(link, dict) for link in links):
            raise ValueError(f"Passage {_id8(passage.get('passage_id'))} has malformed links; "
                             "expected a list of {relation, passage_id, direction} dicts.")
        if passage.get("date"):
            _date_parts(passage["date"], passage)
    return timeline


def _text(value) -> str:
    return "" if value is None else str(value)


def _id8(passage_id) -> str:
    return _text(passage_id)[:8]


def _date_parts(date: str, event: dict | None = None) -> tuple[int, int | None, int | None]:
    """Split "2019", "2019-12" or "2019-12-03" into (year, month, day), keeping what is unknown as None."""
    match = _DATE_RE.fullmatch(_text(date))
    year, month, day = match.groups() if match else (None, None, None)
    valid = match is not None and (month is None or 1 <= int(month) <= 12)
    if valid and day is not None:
        valid = 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]
    if not valid:
        who = f"Passage {_id8(event.get('passage_id'))} has" if event else "Found"
        raise ValueError(f"{who} an unreadable date {date!r}; expected YYYY, YYYY-MM or YYYY-MM-DD.")
    return int(year), (int(month) if month else None), (int(day) if day else None)


def _precision(date) -> str:
    year, month, day = _date_parts(date)
    return "year" if month is None else "month" if day is None else "day"


def _display_date(date) -> str:
    """"2019" -> "2019", "2019-12" -> "December 2019", "2019-12-03" -> "3 December 2019"."""
    year, month, day = _date_parts(date)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month]} {year}"
    return f"{day} {MONTHS[month]} {year}"


def _display_doc_date(date) -> str:
    # A document date is only shown, never computed with, so an odd value is printed as stored.
    try:
        return _display_date(date)
    except ValueError:
        return _text(date)


def _citation(event: dict) -> str:
    """Plain-text source line: "Document title, 27 April 2021, p. 2"."""
    parts = [_text(event.get("doc_title")) or "Untitled document"]
    if event.get("doc_date"):
        parts.append(_display_doc_date(event["doc_date"]))
    if event.get("page") not in (None, ""):
        parts.append(f"p. {event['page']}")
    return ", ".join(parts)


def _relation(name) -> str:
    return _text(name).replace("_", " ")


def _link_text(link: dict, label: str) -> str:
    arrow = "←" if link.get("direction") == "in" else "→"
    return f"{_relation(link.get('relation'))} {arrow} {label}"


def _excerpt(text, limit: int = 90) -> str:
    text = " ".join(_text(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut + "…"


def _all_passages(timeline: dict) -> list[dict]:
    return timeline["events"] + timeline["undated"]


def _passage_index(timeline: dict) -> dict:
    return {p.get("passage_id"): p for p in _all_passages(timeline)}


def _filters_summary(filters) -> str:
    if not isinstance(filters, dict):
        return ""
    parts = []
    for key, value in filters.items():
        if value in (None, "", [], False):
            continue
        shown = ", ".join(_text(v) for v in value) if isinstance(value, list) else _text(value)
        parts.append(f"{_relation(key)}: {shown}")
    return "; ".join(parts)


# ---------------------------------------------------------------- CSV and JSON

CSV_HEADER = ("Date", "Precision", "Said by", "Kind", "Status", "Quote", "Note", "Threads", "Document",
              "Document date", "Page", "Links", "Passage ID", "Document ID")


def _csv_cell(value) -> str:
    text = _text(value)
    # A leading apostrophe stops spreadsheets from evaluating the cell as a formula (CSV injection).
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text


def to_csv(timeline) -> str:
    """One row per passage, dated first then undated, with a header row; RFC 4180 quoting."""
    timeline = _prepare(timeline)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for event in _all_passages(timeline):
        links = "; ".join(_link_text(link, _id8(link.get("passage_id"))) for link in event.get("links") or [])
        row = (event.get("date"), _precision(event["date"]) if event.get("date") else "", event.get("by"),
               event.get("kind"), event.get("status"), event.get("quote"), event.get("note"),
               "; ".join(_text(t) for t in event.get("threads") or []), event.get("doc_title"),
               event.get("doc_date"), event.get("page"), links, event.get("passage_id"), event.get("doc_id"))
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def to_json(timeline) -> str:
    """The timeline itself, indented; never raises, whatever the strings contain."""
    text = _json_one_event_per_line(timeline)
    # Cleaning walks every string; only pay for it when the output shows a surrogate.
    return text if not _SURROGATE.search(text) else _json_one_event_per_line(_clean(timeline))


def _json_one_event_per_line(timeline) -> str:
    """Indented at the top, one compact line per event: readable, and written by json's C encoder
    (indent= makes json fall back to its pure-Python encoder, several times slower on big timelines)."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, default=str)
    if not isinstance(timeline, dict):
        return json.dumps(timeline, indent=2, ensure_ascii=False, default=str)
    parts = []
    for key, value in timeline.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + dump(v) for v in value)
            parts.append(f"  {dump(str(key))}: [\n{items}\n  ]")
        else:
            parts.append(f"  {dump(str(key))}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


# ---------------------------------------------------------------- TimelineJS

def _tljs_date(date) -> dict:
    year, month, day = _date_parts(date)
    result = {"year": year}
    if month is not None:
        result["month"] = month
    if day is not None:
        result["day"] = day
    result["display_date"] = _display_date(date)
    return result


def _tljs_body(event: dict) -> str:
    esc = html.escape
    parts = [f"<blockquote>{esc(_text(event.get('quote')))}</blockquote>",
             f"<p><cite>{esc(_citation(event))}</cite></p>"]
    if event.get("status"):
        parts.append(f"<p>Status: {esc(_text(event['status']))}</p>")
    if event.get("note"):
        parts.append(f"<p>Note: {esc(_text(event['note']))}</p>")
    return "".join(parts)


def to_timelinejs(timeline) -> str:
    """Knight Lab TimelineJS3 JSON; undated passages are listed on the title slide instead of the time axis."""
    timeline = _prepare(timeline)
    esc = html.escape
    slides = []
    for event in timeline["events"]:
        slide = {"start_date": _tljs_date(event["date"]),
                 "text": {"headline": esc(f"{_text(event.get('kind')).capitalize()}: {_text(event.get('by'))}"),
                          "text": _tljs_body(event)},
                 "unique_id": _text(event.get("passage_id"))}
        if event.get("by"):
            slide["group"] = _text(event["by"])
        slides.append(slide)
    intro = [f"<p>{len(slides)} dated passages.</p>"]
    if _filters_summary(timeline.get("filters")):
        intro.append(f"<p>Filters: {esc(_filters_summary(timeline.get('filters')))}</p>")
    undated = timeline["undated"]
    if undated:
        items = "".join(
            f"<li>{esc(_text(e.get('kind')).capitalize())}, {esc(_text(e.get('by')))}: "
            f"“{esc(_excerpt(e.get('quote')))}” ({esc(_citation(e))})</li>" for e in undated)
        intro.append(f"<p>Undated passages, not shown on the time axis:</p><ul>{items}</ul>")
    title = {"text": {"headline": esc(_text(timeline.get("title")) or "Timeline"), "text": "".join(intro)}}
    return json.dumps({"title": title, "events": slides}, indent=2, ensure_ascii=False)


# ---------------------------------------------------------------- Markdown

def _md(text) -> str:
    """Escape Markdown syntax in user text so it stays literal (no links, HTML, headings, lists, tables)."""
    lines = []
    for line in _text(text).splitlines() or [""]:
        line = _MD_SPECIAL.sub(r"\\\1", line.strip())
        # A line opening with "-", "+", "=" or "1." would start a list or underline a heading.
        lines.append(_MD_LINE_START.sub(_escape_line_start, line))
    return "\n".join(lines)


def _escape_line_start(match) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def _md_inline(text) -> str:
    return _md(" ".join(_text(text).split()))


def _md_event(event: dict, index: dict) -> list[str]:
    head = [f"**{_display_date(event['date'])}**" if event.get("date") else "**Undated**",
            _md_inline(_text(event.get("kind")).capitalize()), _md_inline(event.get("by")) or "Unattributed"]
    if event.get("status"):
        head.append(f"status: {_md_inline(event['status'])}")
    lines = ["- " + " · ".join(head), ""]
    lines += ["  > " + line if line else "  >" for line in _md(event.get("quote")).split("\n")]
    lines += ["", f"  Source: {_md_inline(_citation(event))}"]
    if event.get("note"):
        lines.append(f"  Note: {_md_inline(event['note'])}")
    if event.get("threads"):
        lines.append(f"  Threads: {_md_inline('; '.join(_text(t) for t in event['threads']))}")
    for link in event.get("links") or []:
        other = index.get(link.get("passage_id"))
        label = f"“{_excerpt(other.get('quote'), 70)}”" if other else f"passage {_id8(link.get('passage_id'))}"
        lines.append(f"  Link: {_md_inline(_link_text(link, label))}")
    return [line + "  " if line.startswith("  ") and not line.startswith("  >") else line for line in lines] + [""]


def to_markdown(timeline) -> str:
    """Headings per year, a bullet per passage with its quote as a blockquote; user text escaped."""
    timeline = _prepare(timeline)
    index = _passage_index(timeline)
    lines = [f"# {_md_inline(timeline.get('title') or 'Timeline')}", ""]
    if _filters_summary(timeline.get("filters")):
        lines += [f"Filters: {_md_inline(_filters_summary(timeline.get('filters')))}", ""]
    for year, events in _by_year(timeline["events"]):
        lines += [f"## {year}", ""]
        for event in events:
            lines += _md_event(event, index)
    undated = timeline["undated"]
    if undated:
        lines += ["## Undated", ""]
        for event in undated:
            lines += _md_event(event, index)
    return "\n".join(lines).rstrip() + "\n"


def _by_year(events: list[dict]) -> list[tuple[int, list[dict]]]:
    groups: dict[int, list[dict]] = {}
    for event in events:
        groups.setdefault(_date_parts(event["date"], event)[0], []).append(event)
    return list(groups.items())


# ---------------------------------------------------------------- HTML

_CSS = """
:root{--bg:#f6f5f2;--paper:#fff;--ink:#1f2328;--muted:#5f6670;--line:#d9d6cf;--rail:#c9c5bc;--quote:#2b2f36;
--chip:#efede8;--accent:#0072B2;--shadow:0 1px 2px rgba(0,0,0,.05),0 2px 8px rgba(0,0,0,.04);color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--paper:#1d2024;--ink:#e6e6e3;--muted:#a2a8b0;--line:#33373d;
--rail:#40454c;--quote:#d9dadc;--chip:#2a2e34;--accent:#56B4E9;--shadow:none}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,"Noto Sans",sans-serif;-webkit-font-smoothing:antialiased}
main{max-width:920px;margin:0 auto;padding:48px 28px 64px}
.report-head{border-bottom:1px solid var(--line);padding-bottom:24px;margin-bottom:8px}
.eyebrow{margin:0 0 6px;color:var(--muted);font-size:.78rem;letter-spacing:.08em;text-transform:uppercase}
h1{margin:0 0 10px;font-size:1.9rem;line-height:1.2;font-weight:650;letter-spacing:-.01em}
.meta,.filters{margin:4px 0;color:var(--muted);font-size:.92rem}
.summary{display:flex;flex-wrap:wrap;gap:6px 18px;margin:16px 0 0;padding:0;list-style:none;font-size:.88rem}
.summary li{color:var(--muted)}.summary b{color:var(--ink);font-weight:600}
nav.years{display:flex;flex-wrap:wrap;gap:6px;margin:18px 0 8px;font-size:.88rem}
nav.years a{color:var(--ink);text-decoration:none;padding:3px 10px;border:1px solid var(--line);border-radius:999px}
nav.years a:hover{border-color:var(--accent)}
h2{display:flex;align-items:baseline;gap:12px;margin:40px 0 16px;font-size:1.45rem;font-weight:650}
h2 .count{font-size:.85rem;font-weight:400;color:var(--muted)}
.section-note{margin:-8px 0 16px;color:var(--muted);font-size:.9rem}
ol.events{list-style:none;margin:0;padding:0;position:relative}
ol.events::before{content:"";position:absolute;top:6px;bottom:6px;left:10rem;border-left:2px solid var(--rail)}
.event{display:grid;grid-template-columns:9rem 1fr;column-gap:2.25rem;margin:0 0 18px;position:relative}
.event::before{content:"";position:absolute;left:calc(10rem - 5px);top:1.15rem;width:12px;height:12px;
border-radius:50%;background:var(--kind,#8a8f98);border:2px solid var(--bg)}
.when{text-align:right;padding-top:.85rem;white-space:nowrap;font-weight:600;font-size:.95rem;
font-variant-numeric:tabular-nums}
.when .prec{display:block;font-weight:400;font-size:.75rem;color:var(--muted)}
.card{background:var(--paper);border:1px solid var(--line);border-left:4px solid var(--kind,#8a8f98);
border-radius:8px;padding:14px 18px 12px;box-shadow:var(--shadow)}
.event:target .card{outline:2px solid var(--accent);outline-offset:2px}
.card-head{display:flex;flex-wrap:wrap;align-items:center;gap:8px 10px;margin-bottom:8px}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:.74rem;font-weight:650;
letter-spacing:.04em;text-transform:uppercase;line-height:1.6}
.kind{background:var(--kind,#8a8f98);color:var(--kind-ink,#fff)}
.status{border:1px solid var(--muted);color:var(--muted);background:transparent}
.by{font-weight:600}
blockquote{margin:4px 0 10px;padding:2px 0 2px 14px;border-left:3px solid var(--line);color:var(--quote);
font:1.02rem/1.6 Charter,"Iowan Old Style","Sitka Text",Georgia,Cambria,"Times New Roman",serif;white-space:pre-line;
overflow-wrap:anywhere}
.source{margin:0;color:var(--muted);font-size:.88rem}.source cite{font-style:normal}
.note{margin:8px 0 0;font-size:.92rem}.label{color:var(--muted);font-size:.78rem;text-transform:uppercase;
letter-spacing:.06em;margin-right:6px}
ul.links{margin:8px 0 0;padding:0;list-style:none;font-size:.9rem}ul.links li{margin:2px 0}
.rel{color:var(--muted);margin-right:4px}ul.links a{color:var(--accent);text-decoration:none}
ul.links a:hover{text-decoration:underline}
.threads{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0 0;padding:0;list-style:none}
.threads li{background:var(--chip);border-radius:4px;padding:0 7px;font-size:.78rem;color:var(--muted)}
footer{margin-top:48px;padding-top:16px;border-top:1px solid var(--line);color:var(--muted);font-size:.82rem}
@media (max-width:640px){ol.events::before,.event::before{display:none}.event{grid-template-columns:1fr}
.when{text-align:left;padding:0 0 4px}}
@media print{:root{--bg:#fff;--paper:#fff;--ink:#000;--muted:#444;--line:#bbb;--quote:#111;--shadow:none}
main{max-width:none;padding:0}nav.years{display:none}.event{break-inside:avoid}h2{break-after:avoid}
.card{box-shadow:none}ul.links a{color:inherit}body{font-size:10.5pt}
.kind,.event::before{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
# Dark text on the lighter two hues keeps badge labels above WCAG AA contrast.
_KIND_INK = {"commitment": "#fff", "claim": "#1f1f1f", "rebuttal": "#1f1f1f"}


def _anchor(passage_id) -> str:
    return "p-" + re.sub(r"[^A-Za-z0-9_-]", "-", _text(passage_id))


def _html_links(event: dict, index: dict) -> str:
    esc = html.escape
    rows = []
    for link in event.get("links") or []:
        other = index.get(link.get("passage_id"))
        arrow = "←" if link.get("direction") == "in" else "→"
        title = ("this passage " if arrow == "→" else "the other passage ") + _relation(link.get("relation")) + \
            (" the other passage" if arrow == "→" else " this passage")
        if other:
            who = f"{_text(other.get('by'))}: " if other.get("by") else ""
            target = (f'<a href="#{esc(_anchor(link.get("passage_id")))}">{esc(who)}'
                      f'“{esc(_excerpt(other.get("quote"), 80))}”</a>')
        else:
            target = f"passage {esc(_id8(link.get('passage_id')))} (not in this timeline)"
        rows.append(f'<li title="{esc(title)}"><span class="rel">{esc(_relation(link.get("relation")))} '
                    f'{arrow}</span>{target}</li>')
    return f'<ul class="links">{"".join(rows)}</ul>' if rows else ""


def _html_event(event: dict, index: dict) -> str:
    esc = html.escape
    kind = _text(event.get("kind"))
    style = ""
    if kind in KIND_COLOURS:
        style = f' style="--kind:{KIND_COLOURS[kind]};--kind-ink:{_KIND_INK[kind]}"'
    date = event.get("date")
    if date:
        precision = _precision(date)
        hint = {"year": "year only", "month": "month only"}.get(precision, "")
        when = (f'<time datetime="{esc(date)}">{esc(_display_date(date))}</time>'
                + (f'<span class="prec">{hint}</span>' if hint else ""))
    else:
        when = '<span class="prec">No date</span>'
    head = [f'<span class="badge kind">{esc(kind or "passage")}</span>',
            f'<span class="by">{esc(_text(event.get("by")) or "Unattributed")}</span>']
    if event.get("status"):
        head.append(f'<span class="badge status">{esc(_text(event["status"]))}</span>')
    parts = [f'<div class="card-head">{"".join(head)}</div>',
             f"<blockquote>{esc(_text(event.get('quote')).strip())}</blockquote>",
             f'<p class="source"><cite>{esc(_citation(event))}</cite></p>']
    if event.get("note"):
        parts.append(f'<p class="note"><span class="label">Note</span>{esc(_text(event["note"]))}</p>')
    parts.append(_html_links(event, index))
    if event.get("threads"):
        chips = "".join(f"<li>{esc(_text(t))}</li>" for t in event["threads"])
        parts.append(f'<ul class="threads" aria-label="Threads">{chips}</ul>')
    return (f'<li class="event" id="{esc(_anchor(event.get("passage_id")))}"{style}>'
            f'<div class="when">{when}</div><article class="card">{"".join(parts)}</article></li>')


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _html_header(timeline: dict, years: list) -> str:
    esc = html.escape
    passages = _all_passages(timeline)
    docs = {p.get("doc_id") for p in passages if p.get("doc_id")}
    meta = [_plural(len(passages), "passage"), _plural(len(docs), "document")]
    dated = [e["date"] for e in timeline["events"] if e.get("date")]
    if dated:
        meta.append(f"{_display_date(dated[0])} – {_display_date(dated[-1])}")
    parts = ['<header class="report-head"><p class="eyebrow">Papertrail · Timeline report</p>',
             f"<h1>{esc(_text(timeline.get('title')) or 'Timeline')}</h1>",
             f'<p class="meta">{esc(" · ".join(meta))}</p>']
    if _filters_summary(timeline.get("filters")):
        parts.append(f'<p class="filters">Filters: {esc(_filters_summary(timeline.get("filters")))}</p>')
    counts = Counter(_text(p.get("by")) or "Unattributed" for p in passages)
    if counts:
        items = "".join(f"<li><b>{esc(name)}</b> {_plural(n, 'passage')}</li>" for name, n in counts.items())
        parts.append(f'<ul class="summary" aria-label="Parties">{items}</ul>')
    parts.append("</header>")
    links = [f'<a href="#y-{year}">{year}</a>' for year, _ in years]
    if timeline["undated"]:
        links.append('<a href="#undated">Undated</a>')
    if len(links) > 1:
        parts.append(f'<nav class="years" aria-label="Years">{"".join(links)}</nav>')
    return "".join(parts)


def to_html(timeline) -> str:
    """A standalone offline HTML report: a vertical timeline grouped by year, undated passages last."""
    timeline = _prepare(timeline)
    esc = html.escape
    index = _passage_index(timeline)
    years = _by_year(timeline["events"])
    body = [_html_header(timeline, years)]
    for year, events in years:
        body.append(f'<section id="y-{year}"><h2>{year} <span class="count">{_plural(len(events), "passage")}'
                    f'</span></h2><ol class="events">{"".join(_html_event(e, index) for e in events)}</ol></section>')
    undated = timeline["undated"]
    if undated:
        body.append('<section id="undated"><h2>Undated <span class="count">'
                    f'{_plural(len(undated), "passage")}</span></h2><p class="section-note">These passages carry no '
                    'date, so they cannot be placed on the timeline.</p>'
                    f'<ol class="events">{"".join(_html_event(e, index) for e in undated)}</ol></section>')
    body.append(f"<footer>Exported from Papertrail. Quotes are reproduced exactly as they appear in the source "
                f"documents.</footer>")
    title = esc(_text(timeline.get("title")) or "Timeline")
    # The CSP forbids every script and remote load, so the file stays inert and offline wherever it is opened.
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            '<meta name="color-scheme" content="light dark">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


# ---------------------------------------------------------------- W3C Web Annotations

def _iri(passage_id) -> str:
    try:
        return uuid.UUID(_text(passage_id)).urn
    except ValueError:
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "papertrail:passage:" + _text(passage_id)))


def _utc(stamp, passage_id) -> str | None:
    """Timestamps as xsd:dateTime in UTC, as the data model recommends; naive times are taken as UTC."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(_text(stamp).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"Passage {_id8(passage_id)} has an unreadable timestamp {stamp!r}.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tag(value: str) -> dict:
    return {"type": "TextualBody", "value": value, "purpose": "tagging", "format": "text/plain"}


def _annotation(passage: dict, creator: dict) -> dict:
    selectors = [{"type": "TextQuoteSelector", "exact": _text(passage.get("quote")),
                  "prefix": _text(passage.get("prefix")), "suffix": _text(passage.get("suffix"))}]
    position = None
    if isinstance(passage.get("start"), int) and isinstance(passage.get("end"), int):
        position = {"type": "TextPositionSelector", "start": passage["start"], "end": passage["end"]}
    if passage.get("page") not in (None, ""):
        # Offsets count characters within the page's text, so the page fragment is refined by the position.
        page = {"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT_SPEC, "value": f"page={passage['page']}"}
        if position:
            page["refinedBy"] = position
        selectors.append(page)
    elif position:
        selectors.append(position)
    body = [_tag(_text(passage.get("kind")))] if passage.get("kind") else []
    body += [_tag(f"thread:{_text(t)}") for t in passage.get("threads") or []]
    for key in ("by", "date", "status"):
        if passage.get(key):
            body.append(_tag(f"{key}:{_text(passage[key])}"))
    if passage.get("note"):
        body.append({"type": "TextualBody", "value": _text(passage["note"]), "purpose": "commenting",
                     "format": "text/plain"})
    annotation = {"id": _iri(passage.get("passage_id")), "type": "Annotation",
                  "motivation": "commenting" if passage.get("note") else "tagging", "creator": creator}
    for key in ("created", "modified"):
        stamp = _utc(passage.get(key), passage.get("passage_id"))
        if stamp:
            annotation[key] = stamp
    if body:
        annotation["body"] = body
    annotation["target"] = {"source": f"urn:sha256:{_text(passage.get('doc_id'))}", "selector": selectors}
    return annotation


def to_web_annotations(passages: list[dict], archive_name: str = "Papertrail") -> str:
    """W3C Web Annotation JSON-LD: an AnnotationCollection whose first page holds one Annotation per passage.

    Tags carry the kind as is and the other facts namespaced ("thread:…", "by:…", "date:…", "status:…")
    so an importer can tell them apart.
    """
    if not isinstance(passages, list) or not all(isinstance(p, dict) for p in passages):
        raise ValueError("Web Annotation export needs a list of passage dicts.")
    passages = _clean(passages)
    archive_name = _clean(_text(archive_name)) or "Papertrail"
    creator = {"type": "Organization", "name": archive_name}
    items = [_annotation(p, creator) for p in passages]
    # Ids are derived from the content so exporting the same passages twice gives the same document.
    seed = archive_name + "\n" + "\n".join(_text(p.get("passage_id")) for p in passages)
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, "papertrail:collection:" + seed)
    collection = {
        "@context": ANNO_CONTEXT,
        "id": collection_id.urn,
        "type": "AnnotationCollection",
        "label": f"{archive_name}: tagged passages",
        "generator": {"type": "Software", "name": "Papertrail"},
        "total": len(items),
    }
    if items:
        page_id = uuid.uuid5(collection_id, "page1")
        collection["first"] = {"id": page_id.urn, "type": "AnnotationPage", "startIndex": 0, "items": items}
    return json.dumps(collection, indent=2, ensure_ascii=False)
