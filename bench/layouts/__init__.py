"""The second labelled set of letters (see common.py): make(folder) writes its PDFs and truth."""
from __future__ import annotations

import shutil
from pathlib import Path

from . import english, spanish_french
from .common import Doc

TRUTH = Path(__file__).with_name("truth.json")
LETTERS = [english.e01, english.e02, english.e03, english.e04, english.e05, english.e06, english.e07, english.e08,
           english.e09, english.e10, english.e11, english.e12, english.e13, english.e14,
           spanish_french.s01, spanish_french.s02, spanish_french.s03, spanish_french.s04, spanish_french.s05,
           spanish_french.f01, spanish_french.f02, spanish_french.f03, spanish_french.f04, spanish_french.f05]


def make(folder: Path) -> Path:
    """Write the letters and truth.json into folder (created); returns it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    Doc.out = str(folder)
    for letter in LETTERS:
        letter()
    shutil.copy(TRUTH, folder / "truth.json")
    return folder
