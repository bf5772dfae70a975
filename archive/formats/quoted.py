"""Earlier messages quoted in a reply: "On 3 March 2020, X wrote:" with ">" lines, and Outlook's
"-----Original Message----- / From: / Sent:" blocks; each block knows its author and date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses

from ..dates import PartialDate, find_dates

_WROTE = re.compile(r"^(?:On|Am|El|Le|Il|Em|Op)\s+(?P<rest>.+?)\s*"
                    r"(?:wrote|schrieb|escribió|a écrit|ha scritto|escreveu|schreef)\s*:\s*$", re.I)
# German and Dutch put the verb before the name: "Am 03.03.2020 um 10:00 schrieb Hans Maier <hans@x.de>:"
_WROTE_BEFORE = re.compile(r"^(?:Am|Op)\s+(?P<when>.+?)\s+(?:schrieb|schreef)\s+(?P<who>.+?)\s*:\s*$", re.I)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(?:Original Message|Mensaje original|Message d'origine|"
                       r"Ursprüngliche Nachricht|Forwarded message)\s*-{2,}\s*$", re.I)
_HEADER = re.compile(r"^\s*\*?(From|De|Von|Sent|Date|Enviado|Fecha|Envoyé|Gesendet|Datum)\s*:\*?\s*(.*)$", re.I)
_FROM = {"from", "de", "von"}
_ANY_HEADER = re.compile(r"^\s*\*?[\w-]{2,20}\*?\s*:\*?\s*\S")


@dataclass
class Quoted:
    start: int              # offsets in the body text
    end: int
    author: str             # display name, or the address when there is none
    address: str
    date: PartialDate | None


_TIME = re.compile(r"^[\s,]*(?:at|à|a\s+las|a\s+la|um|alle|às|om)?\s*\d{1,2}[:.h]\d{2}(?::\d{2})?"
                   r"\s*(?:[AaPp]\.?\s?[Mm]\.?)?(?:\s*(?:[+-]\d{4}|UTC|GMT|CES?T|BST))?[\s,]*", re.I)


def _who_and_when(rest: str) -> tuple[str, str, PartialDate | None]:
    # "3 March 2020, Jane Doe <jane@acme.org>" / "Tue, 3 Mar 2020 at 10:00, Jane Doe" /
    # "Tue, Mar 3, 2020 at 10:00 AM Jane Doe <jane@acme.org>" / "3 mars 2020 à 10:00, Jean Dupont"
    dates = find_dates(rest)
    date = dates[0][0] if dates else None
    if dates:
        who = rest[dates[0][2]:]
        while (m := _TIME.match(who)) and m.end():
            who = who[m.end():]
        if not who.strip(" ,"):
            who = rest[:dates[0][1]]
    else:
        who = rest.rsplit(",", 1)[-1]
    name, address = _person(who.strip(" ,"))
    return name, address, date


def _person(text: str) -> tuple[str, str]:
    text = text.replace("\u201c", '"').replace("\u201d", '"').strip()
    text = re.sub(r"\(\s*(<[^<>]+>)\s*\)", r"\1", text)     # "Juan Pérez (<juan@ong.org>)"
    pairs = getaddresses([text])
    name, address = pairs[0] if pairs else ("", "")
    if not address and "@" not in text:
        name, address = text.strip(' "<>'), ""
    name = name.strip(' "\'')
    if "@" in name and not address:
        address = name
    return name, address


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _depth(line: str) -> tuple[int, str]:
    depth, i = 0, 0
    while i < len(line) and line[i] in "> \t":
        if line[i] == ">":
            depth += 1
        elif depth == 0 and i > 3:
            break
        i += 1
    return depth, line[i:] if depth else line


def find_quoted(text: str) -> list[Quoted]:
    """Quoted earlier messages, outermost first; a passage belongs to the innermost one around it."""
    lines = _lines(text)
    found: list[Quoted] = []
    found += _chevron_blocks(lines)
    found += _outlook_blocks(lines, len(text))
    return sorted(found, key=lambda q: (q.start, -q.end))


def _attribution(lines, i: int, depth: int) -> tuple[str, str, PartialDate | None] | None:
    """The "On …, X wrote:" line just before line i at this depth (it may be wrapped over two lines)."""
    j = i - 1
    while j >= 0 and not _depth(lines[j][2])[1].strip() and _depth(lines[j][2])[0] >= depth - 1:
        j -= 1
    if j < 0:
        return None
    d, content = _depth(lines[j][2])
    if d != depth - 1:
        return None
    candidates = [content.strip()]
    if j > 0 and _depth(lines[j - 1][2])[0] == d:
        candidates.append((_depth(lines[j - 1][2])[1].strip() + " " + content.strip()).strip())
    for line in candidates:
        if m := _WROTE.match(line):
            return _who_and_when(m["rest"])
        if m := _WROTE_BEFORE.match(line):
            name, address = _person(m["who"])
            dates = find_dates(m["when"])
            return name, address, dates[0][0] if dates else None
    return None


def _chevron_blocks(lines) -> list[Quoted]:
    out: list[Quoted] = []
    depths = [_depth(line)[0] for _s, _e, line in lines]
    max_depth = max(depths, default=0)
    for level in range(1, max_depth + 1):
        i = 0
        while i < len(lines):
            if depths[i] < level:
                i += 1
                continue
            j = i
            while j + 1 < len(lines) and (depths[j + 1] >= level or
                                          (not lines[j + 1][2].strip() and j + 2 < len(lines)
                                           and depths[j + 2] >= level)):
                j += 1
            who = _attribution(lines, i, level)
            if who is not None:
                name, address, date = who
                out.append(Quoted(lines[i][0], lines[j][1], name, address, date))
            i = j + 1
    return out


def _outlook_blocks(lines, end: int) -> list[Quoted]:
    out: list[Quoted] = []
    i = 0
    while i < len(lines):
        start = i
        if _ORIGINAL.match(lines[i][2]):
            i += 1
        fields: dict[str, str] = {}
        k = i
        while k < len(lines) and k < i + 8 and _ANY_HEADER.match(_depth(lines[k][2])[1]):
            if m := _HEADER.match(_depth(lines[k][2])[1]):
                fields.setdefault("from" if m[1].lower() in _FROM else "date", m[2].strip())
            k += 1
        if "from" in fields and "date" in fields and k > i:
            name, address = _person(fields["from"])
            dates = find_dates(fields["date"])
            out.append(Quoted(lines[start][0], end, name, address, dates[0][0] if dates else None))
            i = k
        else:
            i = start + 1
    return out
