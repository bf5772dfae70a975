"""Exporters from a timeline dict to CSV, JSON, TimelineJS, HTML and Markdown, and passages to Web Annotations."""

import calendar
import csv
import html
import io
import json
import re
import uuid
from datetime import datetime, timezone

from .common import (_SURROGATE, _all_passages, _by_year, _citation, _clean, _date_parts, _display_date,
                              _excerpt, _filters_summary, _id8, _link_text, _passage_index, _precision, _prepare,
                              _text, _who)
from .html_page import to_html

FORMATS = ("csv", "json", "timelinejs", "html", "md")

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


# ---------------------------------------------------------------- CSV and JSON

CSV_HEADER = ("Date", "Precision", "Said by", "Kind", "Status", "Quote", "Note", "Threads", "Document",
              "Document date", "Page", "Links", "Passage ID", "Document ID", "Date start", "Date end",
              "Made by (all)", "Asked of")      # a question's state is its Status; Asked of: its addressee
# Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark; files get one, standard output not.
CSV_BOM = "\ufeff"


def _csv_cell(value) -> str:
    text = _text(value)
    # A leading apostrophe stops spreadsheets from evaluating the cell as a formula (CSV injection).
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text


def _date_span(date) -> tuple[str, str]:
    """The first and last day a partial date can mean, full ISO dates that sort in a spreadsheet:
    "2019" -> ("2019-01-01", "2019-12-31"), "2019-12" -> ("2019-12-01", "2019-12-31")."""
    if not date:
        return "", ""
    year, month, day = _date_parts(date)
    first_month, last_month = (month, month) if month else (1, 12)
    last_day = day or calendar.monthrange(year, last_month)[1]
    return f"{year:04d}-{first_month:02d}-{day or 1:02d}", f"{year:04d}-{last_month:02d}-{last_day:02d}"


def to_csv(timeline) -> str:
    """One row per passage, dated first then undated, with a header row; RFC 4180 quoting. "Date" is
    shown as said ("2019", "2019-12"); "Date start" and "Date end" are full dates to sort and filter by."""
    timeline = _prepare(timeline)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for event in _all_passages(timeline):
        links = "; ".join(_link_text(link, _id8(link.get("passage_id"))) for link in event.get("links") or [])
        row = (event.get("date"), _precision(event["date"]) if event.get("date") else "", event.get("by"),
               event.get("kind"), event.get("status"), event.get("quote"), event.get("note"),
               "; ".join(_text(t) for t in event.get("threads") or []), event.get("doc_title"),
               event.get("doc_date"), event.get("page"), links, event.get("passage_id"), event.get("doc_id"),
               *_date_span(event.get("date")), "; ".join(_text(n) for n in event.get("by_all") or []),
               event.get("to") if event.get("kind") == "question" else "")
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


def _history_line(entry: dict, index: dict) -> str:
    """"broken, 27 April 2021: no report was published (evidence: “…”)"."""
    when = entry.get("on_date") or _text(entry.get("recorded_at"))[:10]
    try:
        when = _display_date(when) if when else ""
    except ValueError:
        when = _text(when)
    line = _text(entry.get("status")) + (f", {when}" if when else "")
    if entry.get("note"):
        line += f": {_text(entry['note'])}"
    if entry.get("evidence_id"):
        other = index.get(entry["evidence_id"])
        label = f"“{_excerpt(other.get('quote'), 70)}”" if other else f"passage {_id8(entry['evidence_id'])}"
        line += f" (evidence: {label})"
    return line


def _tljs_body(event: dict, index: dict) -> str:
    esc = html.escape
    parts = [f"<blockquote>{esc(_text(event.get('quote')))}</blockquote>",
             f"<p><cite>{esc(_citation(event))}</cite></p>"]
    if event.get("status"):
        parts.append(f"<p>Status: {esc(_text(event['status']))}</p>")
    history = [h for h in event.get("history") or [] if isinstance(h, dict)]
    if len(history) > 1 or (history and (history[0].get("note") or history[0].get("evidence_id"))):
        items = "".join(f"<li>{esc(_history_line(h, index))}</li>" for h in history)
        parts.append(f"<p>Status history:</p><ul>{items}</ul>")
    if event.get("note"):
        parts.append(f"<p>Note: {esc(_text(event['note']))}</p>")
    links = event.get("links") or []
    if links:
        items = []
        for link in links:
            other = index.get(link.get("passage_id"))
            label = (f"“{_excerpt(other.get('quote'), 70)}” ({_text(other.get('by')) or 'unattributed'}, "
                     f"{_display_date(other['date']) if other.get('date') else 'undated'})"
                     if other else f"passage {_id8(link.get('passage_id'))} (not in this timeline)")
            items.append(f"<li>{esc(_link_text(link, label))}</li>")
        parts.append(f"<p>Links:</p><ul>{''.join(items)}</ul>")
    return "".join(parts)


def to_timelinejs(timeline) -> str:
    """Knight Lab TimelineJS3 JSON; undated passages are listed on the title slide instead of the time axis."""
    timeline = _prepare(timeline)
    index = _passage_index(timeline)
    esc = html.escape
    slides = []
    for event in timeline["events"]:
        slide = {"start_date": _tljs_date(event["date"]),
                 "text": {"headline": esc(f"{_text(event.get('kind')).capitalize()}: {_who(event)}"),
                          "text": _tljs_body(event, index)},
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
            f"<li>{esc(_text(e.get('kind')).capitalize())}, {esc(_who(e))}: "
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
            _md_inline(_text(event.get("kind")).capitalize()), _md_inline(_who(event)) or "Unattributed"]
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


def _page_piece(span: dict) -> dict:
    return {"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT_SPEC, "value": f"page={span['page']}",
            "refinedBy": {"type": "TextPositionSelector", "start": span["start"], "end": span["end"]}}


def _annotation(passage: dict, creator: dict) -> dict:
    selectors = [{"type": "TextQuoteSelector", "exact": _text(passage.get("quote")),
                  "prefix": _text(passage.get("prefix")), "suffix": _text(passage.get("suffix"))}]
    spans = passage.get("spans") or []
    if len(spans) > 1 and all(isinstance(s.get(k), int) for s in spans for k in ("page", "start", "end")):
        # A passage across a page break: a range from its first page's piece to its last page's.
        selectors.append({"type": "RangeSelector", "startSelector": _page_piece(spans[0]),
                          "endSelector": _page_piece(spans[-1])})
    else:
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
    body += [_tag(f"by:{_text(n)}") for n in (passage.get("by_all") or [])[1:]]
    if passage.get("kind") == "question" and passage.get("to"):
        body.append(_tag(f"to:{_text(passage['to'])}"))
    if passage.get("note"):
        body.append({"type": "TextualBody", "value": _text(passage["note"]), "purpose": "commenting",
                     "format": "text/plain"})
    for entry in passage.get("history") or []:
        body.append({"type": "TextualBody", "purpose": "describing", "format": "text/plain",
                     "value": "status " + _history_line(entry, {})
                     + (f"; recorded {_utc(entry['recorded_at'], passage.get('passage_id'))}"
                        if entry.get("recorded_at") else "")})
    for link in passage.get("links") or []:
        # outgoing "A rebuts B" on A as link:rebuts:<B>; the same link on B as linked-from:rebuts:<A>
        side = "linked-from" if link.get("direction") == "in" else "link"
        body.append(_tag(f"{side}:{_text(link.get('relation'))}:{_iri(link.get('passage_id'))}"))
    # A question is "questioning"; a reply's passage that answers questions is "replying" to them,
    # and their annotations are targets beside the letter.
    answered = [link for link in passage.get("links") or [] if link.get("direction") != "in"
                and link.get("relation") in ("answers", "partly-answers", "declines")]
    motivation = ("questioning" if passage.get("kind") == "question" else "replying" if answered
                  else "commenting" if passage.get("note") else "tagging")
    annotation = {"id": _iri(passage.get("passage_id")), "type": "Annotation", "motivation": motivation,
                  "creator": creator}
    for key in ("created", "modified"):
        stamp = _utc(passage.get(key), passage.get("passage_id"))
        if stamp:
            annotation[key] = stamp
    if body:
        annotation["body"] = body
    target = {"source": f"urn:sha256:{_text(passage.get('doc_id'))}", "selector": selectors}
    annotation["target"] = [target] + [_iri(link.get("passage_id")) for link in answered] if answered else target
    return annotation


def to_web_annotations(passages: list[dict], archive_name: str = "Papertrail") -> str:
    """W3C Web Annotation JSON-LD: an AnnotationCollection whose first page holds one Annotation per passage.

    Tags carry the kind as is and the other facts namespaced ("thread:…", "by:…", "date:…", "status:…",
    "link:<relation>:<passage IRI>", "linked-from:<relation>:<passage IRI>") so an importer can tell
    them apart; each status change is a "describing" body ("status broken, 27 April 2021: note").
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
