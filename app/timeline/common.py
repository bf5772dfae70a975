"""Checking, cleaning and date and citation wording shared by the timeline exporters."""

import calendar
import re

MONTHS = tuple(calendar.month_name)  # fixed English names: exports must not depend on the OS locale
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

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


def _who(event: dict) -> str:
    """Who made it ("NSO Group and Novalpina Capital"), and for a question whom it is for."""
    names = [_text(n) for n in event.get("by_all") or [] if n] or ([_text(event["by"])] if event.get("by") else [])
    who = " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]
    if event.get("kind") == "question" and event.get("to"):
        who = (who or "We") + f" to {_text(event['to'])}"
    return who


def _citation(event: dict) -> str:
    """Plain-text source line: "Document title, 27 April 2021, p. 2"."""
    if not event.get("doc_id") and event.get("kind") == "question" and "doc_id" in event:
        return "written in Papertrail, not yet in a letter"
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


def _by_year(events: list[dict]) -> list[tuple[int, list[dict]]]:
    groups: dict[int, list[dict]] = {}
    for event in events:
        groups.setdefault(_date_parts(event["date"], event)[0], []).append(event)
    return list(groups.items())
