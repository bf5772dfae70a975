"""The inspector's questions section: for a question, what it asks about and what answered it; for a
commitment or claim, the questions that ask about it with their states. Each one opens."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from ..highlights import KIND_LABELS, STATUS_LABELS, human_date
from ..passages_panel import one_line
from .sections import section_layout

if TYPE_CHECKING:
    from .panel import PassageInspector

QuestionLinkRole = Qt.ItemDataRole.UserRole + 33
ANSWER_LABELS = {"answers": "Answered by", "partly-answers": "Partly answered by", "declines": "Declined in"}


def asked_text(q: dict) -> str:
    """Where and when a question was asked, and how long it has waited: "Asked on 27 April 2021 in
    “Questions on the HRIA” · waiting 65 days"."""
    parts = []
    if q.get("asked_on"):
        parts.append(f"Asked on {human_date(q['asked_on'])}")
    else:
        parts.append("Not asked yet (no date)")
    if q.get("asked_in"):
        parts.append(f"in “{q['asked_in']['title']}”")
    elif q.get("doc_id") is None:
        parts.append("(written directly, in no letter)")
    text = " ".join(parts)
    if q.get("days_waiting") is not None:
        text += f" · {days_ago(q['days_waiting'])}"
    return text


def days_ago(days: int) -> str:
    if days <= 0:
        return "asked today"
    return "asked 1 day ago" if days == 1 else f"asked {days} days ago"


def _source(p: dict) -> str:
    where = p.get("doc_title") or "written directly"
    by = ", ".join(p.get("by_all") or []) or p.get("by") or ""
    return " · ".join(x for x in (where, human_date(p.get("said_on")), by) if x)


class QuestionsSection(QWidget):
    """Questions asked about the inspected passage, or (for a question) its subject and its answers."""

    def __init__(self, inspector: "PassageInspector", parent=None):
        super().__init__(parent)
        self.inspector = inspector
        v, self.header = section_layout(self, "QUESTIONS")
        self.asked = QLabel(self)
        self.asked.setObjectName("countLabel")
        self.asked.setWordWrap(True)
        self.asked.setAccessibleName("Where the question was asked")
        v.addWidget(self.asked)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Questions and answers")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.setMaximumHeight(190)
        self.list.setToolTip("Double-click to open it")
        self.list.itemActivated.connect(self._on_list_item_activated)
        v.addWidget(self.list)
        self.empty = QLabel(self)
        self.empty.setObjectName("countLabel")
        self.empty.setWordWrap(True)
        v.addWidget(self.empty)
        self.hide()

    def fill(self, p: dict, asked) -> None:
        self.list.clear()
        if asked is None:
            self.hide()
            return
        self.show()
        if p["kind"] == "question":
            self.header.setText("THE QUESTION")
            self.asked.setText(asked_text(asked))
            self.asked.show()
            for about in asked["about"]:
                if "quote" in about:
                    self._add(f"Asks about the {KIND_LABELS.get(about['kind'], about['kind']).lower()} "
                              f"“{one_line(about['quote'], 90)}”", _source(about), about["id"])
            for ans in asked["answers"]:
                if "quote" in ans:
                    how = ANSWER_LABELS.get(ans["relation"], ans["relation"])
                    self._add(f"{how} “{one_line(ans['quote'], 90)}”", _source(ans), ans["id"])
            self.empty.setText("It asks about no commitment or claim and has no answer yet. Link it below: "
                               "“This question asks about…”, or from the reply, “This answers the "
                               "question…”.")
        else:
            self.header.setText("QUESTIONS ABOUT THIS")
            self.asked.hide()
            for q in asked:
                state = STATUS_LABELS.get(q["state"], q["state"] or "")
                whom = f" · asked of {q['to']}" if q.get("to") else ""
                self._add(f"{state}{whom}: “{one_line(q['quote'], 90)}”", asked_text(q), q["id"])
            self.empty.setText("No question asks about it yet. Link a question to it from the question: "
                               "“This question asks about…”.")
        self.list.setVisible(self.list.count() > 0)
        self.empty.setVisible(self.list.count() == 0)
        if self.list.count():
            # Room for up to three entries of about four wrapped lines each; more scroll.
            line = self.list.fontMetrics().lineSpacing()
            self.list.setFixedHeight(min(3, self.list.count()) * (4 * line + 8) + 8)

    def _add(self, text: str, detail: str, pid: str) -> None:
        item = QListWidgetItem(f"{text}\n{detail}")
        item.setData(QuestionLinkRole, pid)
        self.list.addItem(item)

    def items(self) -> list[tuple[str, str]]:
        return [(self.list.item(i).text(), self.list.item(i).data(QuestionLinkRole)) for i in range(self.list.count())]

    def _on_list_item_activated(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.inspector.passage_activated.emit(item.data(QuestionLinkRole))
