"""Completing a field of several party names ("NSO Group; Novalpina Capital"): each name is completed as it is
typed after the ones before it, and the field's text reads back as its names."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

SEPARATORS = ";,"
_SPLIT = re.compile(f"[{SEPARATORS}]")


def split_names(text: str, known: list[str] = ()) -> list[str]:
    """The names in the text, separated by ";" or ","; a known name with a comma in it ("Access Now,
    Inc.") stays whole. Spaces are tidied; empty names are dropped."""
    whole = sorted((n for n in known if "," in n), key=len, reverse=True)
    names: list[str] = []
    for part in text.split(";"):
        rest = " ".join(part.split())
        while rest:
            hit = next((n for n in whole if rest.lower().startswith(n.lower())
                        and (len(rest) == len(n) or rest[len(n)] == ",")), None)
            name, _sep, rest = (rest[:len(hit)], ",", rest[len(hit) + 1:]) if hit else rest.partition(",")
            rest = rest.strip()
            if name.strip():
                names.append(name.strip())
    return names


class NamesCompleter(QCompleter):
    """A completer for a line edit of names: it offers the names matching the one being typed (after the
    last ";" or ","), and choosing one keeps the names before it."""

    def __init__(self, model, line_edit: QLineEdit):
        super().__init__(model, line_edit)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def splitPath(self, path: str) -> list[str]:      # noqa: N802 (Qt override)
        return [_SPLIT.split(path)[-1].strip()]

    def pathFromIndex(self, index) -> str:            # noqa: N802 (Qt override)
        name = super().pathFromIndex(index)
        # The text as typed, not as a highlighted completion has already changed it.
        text = self.completionPrefix()
        cut = max(text.rfind(s) for s in SEPARATORS)
        return f"{text[:cut + 1]} {name}" if cut >= 0 else name
