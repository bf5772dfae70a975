"""The draft editor's small questions: which threads the appendix covers, whose unanswered questions to
insert, where to export, whether to export
with changed quotations, and a link's address. Each is a module function so tests can answer it."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QInputDialog, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QVBoxLayout)

from .. import settings
from ..labels import intro_label

EXPORT_FORMATS = {"docx": ("Word document", "docx"), "pdf": ("PDF", "pdf"), "md": ("Markdown", "md"),
                  "html": ("Web page", "html")}


class AppendixDialog(QDialog):
    """Choose the threads whose commitments the appendix lists (none chosen: every commitment)."""

    def __init__(self, threads: list[dict], replacing: bool = False, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Commitments appendix")
        v = QVBoxLayout(self)
        text = ("The appendix lists each commitment (and each set of inconsistent statements) with who made it and "
                "when, its source, its status as of the letter's date with the date and evidence of that change, "
                "and the questions about it still open. You can add questions of your own to each row.")
        if replacing:
            text += " The draft's appendix will be replaced; questions already written are kept."
        intro = intro_label(text, self)
        v.addWidget(intro)
        self.all_box = QCheckBox("All commitments (and inconsistent statements) in the archive", self)
        v.addWidget(self.all_box)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Threads")
        for t in threads:
            item = QListWidgetItem(f"{t['name']}  ({t['passages']} passages)")
            item.setData(Qt.ItemDataRole.UserRole, t["name"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        v.addWidget(self.list, 1)
        self.all_box.toggled.connect(lambda on: self.list.setEnabled(not on))
        self.all_box.setChecked(not threads)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Insert appendix")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.resize(460, 380)

    def set_checked(self, names: list[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.all_box.setChecked(not names)

    def chosen_threads(self) -> list[str]:
        """The checked threads; an empty list means every commitment."""
        if self.all_box.isChecked():
            return []
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


def ask_appendix_threads(parent, threads: list[dict], replacing: bool) -> list[str] | None:
    """The threads to cover ([] for all), or None when cancelled."""
    dialog = AppendixDialog(threads, replacing, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen_threads()


def ask_question_party(parent, parties: list[tuple[str, int]]) -> str | None:
    """Whose unanswered questions to insert (parties with their count of open questions), or None."""
    labels = [f"{name}  ({n} unanswered)" for name, n in parties]
    label, ok = QInputDialog.getItem(parent, "Insert unanswered questions",
                                     "Ask again the questions still unanswered by:", labels, 0, False)
    if not ok or label not in labels:
        return None
    return parties[labels.index(label)][0]


def suggested_file_name(subject: str, fmt: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", subject or "").strip()
    stem = re.sub(r"\s+", " ", stem)[:60].strip() or "Follow-up letter"
    return f"{stem}.{EXPORT_FORMATS[fmt][1]}"


def ask_export_path(parent, fmt: str, subject: str) -> str:
    """The file to export to ("" when cancelled); starts in the folder used last."""
    label, ext = EXPORT_FORMATS[fmt]
    folder = settings.LAST_EXPORT_FOLDER.get() or str(Path.home())
    start = str(Path(folder) / suggested_file_name(subject, fmt))
    path, _ = QFileDialog.getSaveFileName(parent, f"Export the letter as {label}", start, f"{label} (*.{ext})")
    if path and not path.lower().endswith("." + ext):
        path += "." + ext
    return path


def confirm_export(parent, counts: dict[str, int]) -> bool:
    """Ask before exporting a letter whose quotations do not match their sources."""
    parts = []
    if counts.get("altered"):
        n = counts["altered"]
        parts.append(f"{n} quotation{'s differ' if n != 1 else ' differs'} from the source")
    if counts.get("unsourced"):
        n = counts["unsourced"]
        parts.append(f"{n} quotation{'s were' if n != 1 else ' was'} not found in any source")
    n = counts.get("miscited", 0) - counts.get("wrong_page", 0)     # only in another document
    if n:
        parts.append(f"{n} quotation{'s are' if n != 1 else ' is'} not in the document {'their' if n != 1 else 'its'} "
                     "citation names")
    if counts.get("wrong_page"):
        n = counts["wrong_page"]
        parts.append(f"{n} quotation{'s are' if n != 1 else ' is'} not on the pages {'their' if n != 1 else 'its'} "
                     "citation gives")
    box = QMessageBox(QMessageBox.Icon.Warning, "Export with changed quotations?",
                      " and ".join(parts).capitalize() + ".", QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText("The quote check panel shows each difference. Export anyway?")
    export = box.addButton("Export anyway", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is export


def ask_link(parent, current: str) -> str | None:
    """A link's address ("" removes the link), or None when cancelled."""
    text, ok = QInputDialog.getText(parent, "Link", "Address (leave empty to remove the link):",
                                    QLineEdit.EchoMode.Normal, current)
    return text.strip() if ok else None


def show_error(parent, title: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message[:1].upper() + message[1:],
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
