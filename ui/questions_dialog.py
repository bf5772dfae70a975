"""Questions per party: what we asked a party and what is still unanswered, oldest first, with how
long each has waited and the letter it was asked in; open one at its place, or write a new one."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QFrame, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView, QVBoxLayout)

from app import questions

from .highlights import STATUS_LABELS, human_date
from .inspector.questions import days_ago
from .inspector.sections import check_date
from .passages_panel import one_line
from .question_tagging import party_completer
from .models import RowsModel

QuestionIdRole = Qt.ItemDataRole.UserRole + 41
SHOW = (("open", "Still waiting"), ("", "Every question"), ("unanswered", "Unanswered"),
        ("partly-answered", "Partly answered"), ("answered", "Answered"), ("declined", "Declined"))


def load_questions(archive, _job) -> dict:
    from app.parties import list_parties
    return {"questions": questions.list_questions(archive), "parties": [p["name"] for p in list_parties(archive)]}


class QuestionsModel(RowsModel):
    """Questions as app.questions.list_questions() describes them, in its order (oldest asked first)."""

    COLUMNS = ("Question", "Asked of", "Asked on", "Waiting", "Asked in", "State")

    def header_names(self) -> tuple[str, ...]:
        return self.COLUMNS

    def text(self, q: dict, col: int) -> str:
        if col == 0:
            return one_line(q["quote"], 200)
        if col == 1:
            return q["to"] or "—"
        if col == 2:
            return human_date(q["asked_on"]) if q["asked_on"] else "not asked yet"
        if col == 3:
            return days_ago(q["days_waiting"]) if q["days_waiting"] is not None else ""
        if col == 4:
            return q["asked_in"]["title"] if q["asked_in"] else "Written directly"
        return STATUS_LABELS.get(q["state"], q["state"] or "")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        q = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(q, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0:
                about = "; ".join(f"“{one_line(a['quote'], 80)}”" for a in q["about"] if "quote" in a)
                return one_line(q["quote"], 600) + (f"\n\nAsks about: {about}" if about else "")
            if index.column() == 4:
                if q["asked_in"] is None:
                    return "Written directly: it opens in the inspector"
                return f"{q['asked_in']['title']} ({human_date(q['asked_in']['date'])})"
            return self.text(q, index.column())
        if role == QuestionIdRole:
            return q["id"]
        return None


class QuestionsDialog(QDialog):
    """Questions asked of one party (or anyone), still waiting or all, oldest first."""

    passage_activated = Signal(str)    # open this question at its place in its letter
    loaded = Signal(int)               # questions shown after a (re)load

    def __init__(self, session, commands, party: str = "", parent=None):
        super().__init__(parent)
        self.session = session
        self.commands = commands
        self.all: list[dict] = []
        self.setWindowTitle("Questions")
        self.resize(980, 560)
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Asked of", self))
        self.party_box = QComboBox(self)
        self.party_box.setAccessibleName("Asked of")
        self.party_box.addItem("Anyone", "")
        if party:
            self.party_box.addItem(party, party)
            self.party_box.setCurrentIndex(1)
        self.party_box.setMinimumContentsLength(16)
        self.party_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        row.addWidget(self.party_box)
        self.show_box = QComboBox(self)
        self.show_box.setAccessibleName("Which questions")
        for value, label in SHOW:
            self.show_box.addItem(label, value)
        row.addWidget(self.show_box)
        row.addStretch(1)
        v.addLayout(row)
        self.model = QuestionsModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Questions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(4, 190)          # a letter's title can be long: it is cut, with a tooltip
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        v.addWidget(self.table, 1)
        self.summary = QLabel("Reading the questions…", self)
        self.summary.setObjectName("countLabel")
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        self.ask_form = self._build_ask_form()
        v.addWidget(self.ask_form)
        row = QHBoxLayout()
        self.ask_button = QPushButton("Write a question…", self)
        self.ask_button.setToolTip("A question we mean to ask, or asked somewhere not in the archive")
        self.ask_button.clicked.connect(self._on_ask_button_clicked)
        self.open_button = QPushButton("Open", self)
        self.open_button.setToolTip("Open the question at its place in its letter")
        self.open_button.clicked.connect(lambda: self._on_table_activated(self.table.currentIndex()))
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        row.addWidget(self.ask_button)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(close)
        v.addLayout(row)
        self.party_box.currentIndexChanged.connect(self._apply)
        self.show_box.currentIndexChanged.connect(self._apply)
        commands.changed.connect(self._on_commands_changed)
        self._update_buttons()
        self.reload()

    def _build_ask_form(self) -> QFrame:
        form = QFrame(self)
        form.setFrameShape(QFrame.Shape.StyledPanel)
        f = QFormLayout(form)
        self.ask_text = QPlainTextEdit(form)
        self.ask_text.setAccessibleName("The question")
        self.ask_text.setPlaceholderText("e.g. Will the public be provided a copy of the HRIA?")
        self.ask_text.setFixedHeight(56)
        f.addRow("Question", self.ask_text)
        self.ask_to = QComboBox(form)
        self.ask_to.setEditable(True)
        self.ask_to.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.ask_to.setAccessibleName("Ask of")
        self.ask_to.lineEdit().setPlaceholderText("The party asked; a new name creates a party")
        f.addRow("Ask of", self.ask_to)
        self.ask_on = QLineEdit(form)
        self.ask_on.setAccessibleName("Asked on")
        self.ask_on.setPlaceholderText("When it was asked, e.g. 2021-05 (empty: not asked yet)")
        f.addRow("Asked on", self.ask_on)
        self.ask_hint = QLabel(form)
        self.ask_hint.setObjectName("errorText")
        self.ask_hint.setWordWrap(True)
        self.ask_hint.hide()
        f.addRow("", self.ask_hint)
        buttons = QHBoxLayout()
        cancel = QPushButton("Cancel", form)
        cancel.clicked.connect(form.hide)
        self.save_button = QPushButton("Save question", form)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        f.addRow(buttons)
        form.hide()
        return form

    # -- data ----------------------------------------------------------------------------------------------------
    def _on_commands_changed(self, _report: dict) -> None:
        self.reload()

    def reload(self) -> None:
        if self.session is not None:
            self.session.read(load_questions, self._on_loaded,
                              lambda m: self.summary.setText(f"The questions could not be read: {m}"))

    def _on_loaded(self, result: dict) -> None:
        self.all = result["questions"]
        parties = sorted({q["to"] for q in self.all if q["to"]}, key=str.lower)
        current = self.party_box.currentData()
        self.party_box.blockSignals(True)
        while self.party_box.count() > 1:
            self.party_box.removeItem(1)
        for name in parties + ([current] if current and current not in parties else []):
            self.party_box.addItem(name, name)
        self.party_box.setCurrentIndex(max(0, self.party_box.findData(current)))
        self.party_box.blockSignals(False)
        self.ask_to.clear()
        self.ask_to.addItems(result["parties"])
        party_completer(self.ask_to, result["parties"])
        self._apply()

    def _apply(self, *_args) -> None:
        party, show = self.party_box.currentData(), self.show_box.currentData()
        rows = [q for q in self.all if (not party or q["to"] == party)]
        asked = len(rows)
        waiting = [q for q in rows if q["state"] in questions.OPEN_STATES]
        if show == "open":
            rows = waiting
        elif show:
            rows = [q for q in rows if q["state"] == show]
        current = self.current_id()
        self.model.set_rows(rows)
        whom = f" of {party}" if party else ""
        if not asked:
            self.summary.setText(f"No question asked{whom} yet. Select the questions in a letter and press 4, "
                                 "or write one here.")
        else:
            oldest = max((q["days_waiting"] for q in waiting if q["days_waiting"] is not None), default=None)
            text = (f"{asked} question{'s' if asked != 1 else ''} asked{whom}; {len(waiting)} still waiting "
                    "for an answer")
            if oldest is not None:
                text += f", the oldest {days_ago(oldest)}"
            self.summary.setText(text + ".")
        row = next((i for i, q in enumerate(rows) if q["id"] == current), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()
        self.loaded.emit(len(rows))

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(QuestionIdRole) if index.isValid() else None

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_id() is not None)

    # -- actions -------------------------------------------------------------------------------------------------
    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.passage_activated.emit(index.data(QuestionIdRole))

    def _on_ask_button_clicked(self) -> None:
        self.ask_text.clear()
        self.ask_on.clear()
        self.ask_hint.hide()
        self.ask_to.setEditText(self.party_box.currentData() or "")
        self.ask_form.show()
        self.ask_text.setFocus()

    def _on_save_button_clicked(self) -> None:
        text = " ".join(self.ask_text.toPlainText().split())
        iso, message = check_date(self.ask_on.text())
        if not text:
            self.ask_hint.setText("Type the question first")
        elif iso is None:
            self.ask_hint.setText(f"Asked on: {message}")
        else:
            to = " ".join(self.ask_to.currentText().split())
            extra = {k: v for k, v in (("to", to), ("on", iso)) if v}
            self.commands.ask(text, **extra)
            self.ask_form.hide()
            return
        self.ask_hint.show()
