"""What the draft editor does with the archive's commitments and questions: insert or refresh the commitments
appendix (keeping what the author wrote in it) and insert a party's unanswered questions at the caret."""
from __future__ import annotations

from PySide6.QtGui import QTextCursor

from app import passages as passages_app
from app.draft import commitments_appendix, keep_authors_words, refresh_appendix
from app.draft.asks import count_questions, parties_asked, questions_blocks
from app.draft.model import Appendix, Draft, Paragraph

from . import dialogs
from .convert import BlockWriter, block_kind, block_style, read_appendix
from .format import append_appendix, appendix_tables, replace_appendix, update_citations


class AppendixActions:
    """Mixed into DraftEditor: uses its session, body, fields, _say and signals."""

    # -- the appendix --------------------------------------------------------
    def choose_appendix(self) -> None:
        self.session.read(lambda archive, job: passages_app.threads(archive), self._on_threads_loaded,
                          lambda m: self._say(f"The threads could not be read: {m}"))

    def _on_threads_loaded(self, threads: list[dict]) -> None:
        chosen = dialogs.ask_appendix_threads(self, [t for t in threads if t["passages"]],
                                              bool(appendix_tables(self.body.document())))
        if chosen is not None:
            self.insert_appendix(chosen)

    def insert_appendix(self, threads: list[str]) -> None:
        """Add (or replace) the commitments appendix for these threads ([] for every commitment)."""
        self._say("Reading commitments…")
        as_of = self.fields.values()["date"]
        self.session.read(lambda archive, job: commitments_appendix(archive, list(threads), as_of),
                          self._on_appendix_built, lambda m: self._say(f"The appendix could not be made: {m}"))

    def _on_appendix_built(self, appendix: Appendix) -> None:
        doc = self.body.document()
        tables = appendix_tables(doc)
        if tables:
            before = self._rows_by_passage(tables[0])
            appendix.rows = [keep_authors_words(before[r.source.passage_id], r, undertaking=False)
                             if r.source.passage_id in before else r for r in appendix.rows]
            replace_appendix(tables[0], appendix)
        else:
            append_appendix(doc, appendix)
        n = len(appendix.rows)
        self._say(f"Appendix: {n} row{'s' if n != 1 else ''}" if n else
                  "No commitments in the chosen threads: the appendix is empty")
        self.appendix_changed.emit(n)

    @staticmethod
    def _rows_by_passage(table) -> dict:
        return {r.source.passage_id: r for r in read_appendix(table).rows if r.source.passage_id}

    def refresh_appendix(self) -> None:
        """Rebuild every citation from the archive and show each row's status as of the letter's date and
        its questions still open; what the author wrote in the appendix meanwhile is kept."""
        draft = self.draft()
        self.session.read(lambda archive, job: refresh_appendix(archive, draft), self._on_appendix_refreshed,
                          lambda m: self._say(f"The appendix could not be refreshed: {m}"))

    def _on_appendix_refreshed(self, fresh: Draft) -> None:
        cited = update_citations(self.body.document(), {q.citation.passage_id: q.citation for q in fresh.quotes()
                                                         if q.citation.passage_id})
        self.body.viewport().update()
        appendices = [b for b in fresh.blocks if isinstance(b, Appendix)]
        changed = answered = 0
        for table, new in zip(appendix_tables(self.body.document()), appendices):
            old = read_appendix(table)      # as it is now: the author may have typed while it was read
            for i, (before, row) in enumerate(zip(old.rows, new.rows)):
                new.rows[i] = keep_authors_words(before, row)
                changed += (before.status, before.status_date) != (row.status, row.status_date)
                answered += len({q.passage_id for q in before.questions} - {q.passage_id for q in row.questions}
                                - set(before.dropped_questions))
            new.title = old.title
            replace_appendix(table, new)
        rows = sum(len(a.rows) for a in appendices)
        citations = f"{cited} citation{'s' if cited != 1 else ''} brought up to date"
        if appendices:
            self._say(f"Appendix refreshed: {changed} status{'es' if changed != 1 else ''} changed, "
                      f"{answered} question{'s' if answered != 1 else ''} answered, {citations}")
        else:
            self._say(f"Citations refreshed: {citations}")
        self.appendix_changed.emit(rows)

    # -- asking again --------------------------------------------------------
    def choose_unanswered_questions(self) -> None:
        """Ask whose questions to insert (the parties with questions open as of the letter's date)."""
        as_of = self.fields.values()["date"]
        self.session.read(lambda archive, job: parties_asked(archive, as_of), self._on_parties_asked,
                          lambda m: self._say(f"The questions could not be read: {m}"))

    def _on_parties_asked(self, parties: list[tuple[str, int]]) -> None:
        if not parties:
            self._say("No unanswered questions in the archive: tag questions in a letter you sent "
                      "(kind question) to ask them again here")
            return
        party = dialogs.ask_question_party(self, parties)
        if party:
            self.insert_unanswered_questions(party)

    def insert_unanswered_questions(self, party: str) -> None:
        """Insert the party's questions still open as of the letter's date at the caret, grouped by the
        commitment they ask about, each with when and in which letter it was first asked."""
        as_of = self.fields.values()["date"]
        self._say(f"Reading the questions to {party}…")
        self.session.read(lambda archive, job: questions_blocks(archive, party, as_of), self._on_questions_built,
                          lambda m: self._say(f"The questions could not be inserted: {m}"))

    def _on_questions_built(self, blocks: list[Paragraph]) -> None:
        cursor = self.body.textCursor()
        table = cursor.currentTable()
        if table is not None:                    # above an appendix, never in it
            cursor.setPosition(table.firstPosition() - 1)
            cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.beginEditBlock()
        writer = BlockWriter(self.body.document(), cursor)
        block = cursor.block()
        writer.fresh = block.length() <= 1 and block_kind(block) is None and block_style(block) == "body" \
            and cursor.currentTable() is None
        for p in blocks:
            writer.paragraph(p)
        cursor.endEditBlock()
        self.body.setTextCursor(cursor)
        self.body.setFocus()
        n = count_questions(blocks)
        self._say(f"Inserted {n} unanswered question{'s' if n != 1 else ''}")
        self.questions_inserted.emit(n)
        self.run_check()
