"""The timeline as a standalone offline HTML report."""

import html
import re
from collections import Counter

from .common import (_all_passages, _by_year, _citation, _display_date, _excerpt, _filters_summary, _id8,
                              _passage_index, _precision, _prepare, _relation, _text, _who)

# Okabe-Ito, colour-blind safe; questions take Paul Tol's teal, as in the window.
KIND_COLOURS = {"commitment": "#0072B2", "claim": "#E69F00", "rebuttal": "#CC79A7", "question": "#44AA99"}

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
_KIND_INK = {"commitment": "#fff", "claim": "#1f1f1f", "rebuttal": "#1f1f1f", "question": "#1f1f1f"}


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
            f'<span class="by">{esc(_who(event) or "Unattributed")}</span>']
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
    body.append("<footer>Exported from Papertrail. Quotes are reproduced exactly as they appear in the source "
                "documents.</footer>")
    title = esc(_text(timeline.get("title")) or "Timeline")
    # The CSP forbids every script and remote load, so the file stays inert and offline wherever it is opened.
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            '<meta name="color-scheme" content="light dark">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")
