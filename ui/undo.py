"""Undoable passage changes: tag, untag, edit, link and unlink as QUndoStack commands run by the archive's writer.

Each command's redo/undo is queued on the single writer; its archive work happens there and the
outcome comes back as a signal. Undoing a tag deletes the passage; redoing it restores the same
passage (same id, threads, history and links) from the snapshot taken when it was deleted."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from app import passages, questions


class _State:
    """What a command remembers between runs; written only by the writer thread, read after it finishes."""

    def __init__(self):
        self.pid: str | None = None
        self.before: dict | None = None
        self.after: dict | None = None
        self.snapshot: dict | None = None
        self.existed = False
        self.ran = False
        self.failed = False


class _Command(QUndoCommand):
    """Runs `forward`/`backward` (plain functions of the archive) on the writer; both return a change report."""

    def __init__(self, owner: "PassageCommands", text: str):
        super().__init__(text)
        self.owner = owner
        self.state = _State()

    def forward(self, archive) -> dict:
        raise NotImplementedError

    def backward(self, archive) -> dict:
        raise NotImplementedError

    def redo(self) -> None:
        if not self.state.failed:
            first = not self.state.ran
            self.state.ran = True
            self.owner._submit(self, self.forward, first)

    def undo(self) -> None:
        if not self.state.failed:
            self.owner._submit(self, self.backward, False)


def _report(action: str, passages_: list[dict], focus: str | None, removed: list[str] = ()) -> dict:
    # A question written directly has no document (doc_id None): no document's highlights change.
    return {"action": action, "doc_ids": sorted({p["doc_id"] for p in passages_ if p and p["doc_id"]}),
            "passage_ids": [p["id"] for p in passages_ if p], "removed": list(removed), "focus": focus}


class TagCommand(_Command):
    def __init__(self, owner, doc_id: str, page: int, start: int, end: int, quote: str, kind: str, **extra):
        super().__init__(owner, f"Tag {kind}")
        self.args = dict(doc_ref=doc_id, quote=quote, kind=kind, page=page, start=start, end=end, **extra)

    def forward(self, archive) -> dict:
        s = self.state
        if s.snapshot is None:
            p = passages.tag(archive, **self.args)
            s.pid = p["id"]
        else:
            p = passages.restore(archive, s.snapshot)
        return _report("tag", [p], p["id"])

    def backward(self, archive) -> dict:
        s = self.state
        s.snapshot = passages.untag(archive, s.pid)
        return _report("untag", [s.snapshot], None, [s.pid])


class TagQuestionsCommand(_Command):
    """Each question in a selection tagged as its own question; undo removes them all at once."""

    def __init__(self, owner, doc_id: str, page: int, start: int, end: int, **extra):
        super().__init__(owner, "Tag questions")
        self.args = dict(doc_ref=doc_id, page=page, start=start, end=end, **extra)
        self.snapshots: list[dict] = []

    def forward(self, archive) -> dict:
        if not self.snapshots:
            made = questions.tag_questions(archive, **self.args)
        else:
            made = [passages.restore(archive, snap) for snap in self.snapshots]
        self.state.pid = made[0]["id"]
        self.ids = [q["id"] for q in made]
        return _report("tag", made, made[0]["id"])

    def backward(self, archive) -> dict:
        self.snapshots = [passages.untag(archive, pid) for pid in reversed(self.ids)][::-1]
        return _report("untag", self.snapshots, None, self.ids)


class AskCommand(_Command):
    """A question written directly, in no letter (undo deletes it, redo brings the same one back)."""

    def __init__(self, owner, text: str, **extra):
        super().__init__(owner, "Write a question")
        self.words, self.extra = text, extra      # not self.text: that is QUndoCommand.text()

    def forward(self, archive) -> dict:
        s = self.state
        p = questions.ask(archive, self.words, **self.extra) if s.snapshot is None else \
            passages.restore(archive, s.snapshot)
        s.pid = p["id"]
        return _report("tag", [p], p["id"])

    def backward(self, archive) -> dict:
        s = self.state
        s.snapshot = passages.untag(archive, s.pid)
        return _report("untag", [s.snapshot], None, [s.pid])


class UntagCommand(_Command):
    def __init__(self, owner, pid: str):
        super().__init__(owner, "Delete passage")
        self.state.pid = pid

    def forward(self, archive) -> dict:
        s = self.state
        s.snapshot = passages.untag(archive, s.pid)
        return _report("untag", [s.snapshot], None, [s.pid])

    def backward(self, archive) -> dict:
        p = passages.restore(archive, self.state.snapshot)
        return _report("restore", [p], p["id"])


class EditCommand(_Command):
    """Any change made with passages.edit (kind, said-by, said-on, status, threads, note)."""

    def __init__(self, owner, pid: str, text: str, changes: dict):
        super().__init__(owner, text)
        self.state.pid = pid
        self.changes = changes

    def forward(self, archive) -> dict:
        s = self.state
        if s.after is None:
            s.before = passages.get(archive, s.pid)
            s.after = passages.edit(archive, s.pid, **self.changes)
            p = s.after
        else:
            p = passages.restore(archive, s.after)
        return _report("edit", [p], p["id"])

    def backward(self, archive) -> dict:
        p = passages.restore(archive, self.state.before)
        return _report("edit", [p], p["id"])


class LinkCommand(_Command):
    def __init__(self, owner, a: str, relation: str, b: str, remove: bool = False):
        super().__init__(owner, f"{'Remove' if remove else 'Add'} link “{relation}”")
        self.a, self.relation, self.b, self.remove = a, relation, b, remove

    def _exists(self, archive) -> bool:
        return passages.has_link(archive, self.a, self.relation, self.b)

    def _set(self, archive, present: bool) -> dict:
        if present:
            passages.link(archive, self.a, self.relation, self.b)
        elif self._exists(archive):
            passages.unlink(archive, self.a, self.relation, self.b)
        ends = [passages.get(archive, self.a), passages.get(archive, self.b)]
        return _report("link", ends, ends[0]["id"])

    def forward(self, archive) -> dict:
        s = self.state
        if s.before is None:
            s.before = {}
            s.existed = self._exists(archive)
            if self.remove and not s.existed:
                passages.unlink(archive, self.a, self.relation, self.b)   # raises NotFound with a clear message
        return self._set(archive, not self.remove)

    def backward(self, archive) -> dict:
        # A link that was already there before "add" stays; one taken away by "remove" comes back.
        return self._set(archive, True if self.remove else self.state.existed)


class PassageCommands(QObject):
    """The undo stack of passage changes for the open archive; every change goes through here."""

    changed = Signal(object)          # change report: action, doc_ids, passage_ids, removed, focus
    tagged = Signal(str)              # a new passage was created (its id)
    command_failed = Signal(str)      # what went wrong, for the status bar

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.session = None
        self.stack = QUndoStack(self)

    def set_session(self, session) -> None:
        self.session = session
        self.stack.clear()

    # -- what the panels call ------------------------------------------------------------------------------------
    def tag(self, doc_id: str, page: int, start: int, end: int, quote: str, kind: str, **extra) -> None:
        self._push(TagCommand(self, doc_id, page, start, end, quote, kind, **extra))

    def tag_questions(self, doc_id: str, page: int, start: int, end: int, **extra) -> None:
        """Every question in the selected words, each its own question (extra: end_page, to, about)."""
        self._push(TagQuestionsCommand(self, doc_id, page, start, end, **extra))

    def ask(self, text: str, **extra) -> None:
        """A question written directly (extra: to, on, about, by)."""
        self._push(AskCommand(self, text, **extra))

    def untag(self, pid: str) -> None:
        self._push(UntagCommand(self, pid))

    def edit(self, pid: str, text: str, **changes) -> None:
        """One undoable edit; `changes` are passages.edit's keyword arguments."""
        self._push(EditCommand(self, pid, text, changes))

    def link(self, a: str, relation: str, b: str) -> None:
        self._push(LinkCommand(self, a, relation, b))

    def unlink(self, a: str, relation: str, b: str) -> None:
        self._push(LinkCommand(self, a, relation, b, remove=True))

    def undo_action(self, parent: QObject) -> QAction:
        act = self.stack.createUndoAction(parent, "&Undo")
        act.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        return act

    def redo_action(self, parent: QObject) -> QAction:
        act = self.stack.createRedoAction(parent, "&Redo")
        act.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        return act

    # -- running on the writer ------------------------------------------------------------------------------------
    def _push(self, command: _Command) -> None:
        if self.session is None:
            self.command_failed.emit("open an archive first")
            return
        self.stack.push(command)

    def _submit(self, command: _Command, fn: Callable, first: bool) -> None:
        if self.session is None:
            return
        state = command.state
        self.session.write(lambda archive, _job: fn(archive),
                           lambda report: self._on_writer_finished(state, first, report),
                           lambda message: self._on_writer_failed(command, first, message),
                           name=command.text())

    def _on_writer_finished(self, state: _State, first: bool, report: dict) -> None:
        self.changed.emit(report)
        if first and report["action"] == "tag" and report["focus"]:
            self.tagged.emit(report["focus"])

    def _on_writer_failed(self, command: _Command, first: bool, message: str) -> None:
        command.state.failed = True
        if first and self.stack.index() > 0 and self.stack.command(self.stack.index() - 1) is command:
            # The change never happened: take it off the stack so Undo does not offer it.
            command.setObsolete(True)
            self.stack.undo()
            self.command_failed.emit(message)
            return
        if not first:
            # The archive and the history no longer agree; starting afresh is the honest choice.
            self.stack.clear()
            message += " (the undo history was cleared)"
        self.command_failed.emit(message)
