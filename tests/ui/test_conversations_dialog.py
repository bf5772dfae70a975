"""View ▸ Conversations: e-mails threaded by their headers, the gap shown, a reply link removed, a
document opened; and an e-mail dropped on the window is added like a PDF."""
from datetime import datetime, timedelta, timezone

from app.ingest import ingest
from archive import Archive
from tests.mailmaker import email, write
from tests.ui.conftest import open_window

TZ = timezone(timedelta(hours=1))


def _mail_archive(tmp_path):
    path = tmp_path / "mail"
    first = write(tmp_path / "in" / "q.eml", email(sender=("Helen Marsh", "helen@orw.org"),
                                                   to=(("Jürgen Müller", "juergen@acme-mining.com"),),
                                                   message_id="<q@orw.org>", subject="Publication",
                                                   when=datetime(2019, 7, 1, 9, 0, tzinfo=TZ)))
    second = write(tmp_path / "in" / "r.eml", email(in_reply_to="<q@orw.org>"))
    with Archive.open(path) as archive:
        report = ingest(archive, [first, second], workers=1, ocr=False)
    assert len(report.added) == 2, report.failed
    return path


def test_conversation_view_gap_unlink_and_open(qtbot, tmp_path):
    window = open_window(qtbot, _mail_archive(tmp_path))
    window.conversations_action.trigger()
    from ui.conversations_dialog import ConversationsDialog, ReplyRole
    dialog = window.findChild(ConversationsDialog)
    qtbot.waitUntil(lambda: dialog.entries.count() >= 3, timeout=15000)
    texts = [dialog.entries.item(i).text() for i in range(dialog.entries.count())]
    assert "no reply for 246 days" in texts[1] and "↩ replies to “Publication”" in texts[2]
    dialog.entries.setCurrentRow(2)
    assert dialog.unlink_button.isEnabled()
    dialog.unlink_button.click()
    qtbot.waitUntil(lambda: dialog.entries.count() >= 3 and not any(
        dialog.entries.item(i).data(ReplyRole) for i in range(dialog.entries.count())), timeout=15000)
    dialog.entries.setCurrentRow(0)
    with qtbot.waitSignal(dialog.document_requested, timeout=5000):
        dialog.open_button.click()
    qtbot.waitUntil(lambda: window.tabs.current_view() is not None, timeout=15000)
    dialog.close()
    window.close()


def test_attachment_links_above_the_pages_open_the_attached_letter(qtbot, tmp_path):
    from tests.mailmaker import letter_pdf
    path = tmp_path / "att"
    mail = write(tmp_path / "in" / "cover.eml", email(attachments=[
        ("signed letter.pdf", "application/pdf", letter_pdf()), ("logo.png", "image/png", b"\x89PNG")]))
    with Archive.open(path) as archive:
        report = ingest(archive, [mail], workers=1, ocr=False)
    cover, letter = report.added[0]["id"], report.added[1]["id"]
    window = open_window(qtbot, path)
    view = window.tabs.open_document(path, cover)
    assert view.relations.isVisible()
    text = view.relations.text()
    assert f'href="doc:{letter}"' in text and "logo.png" in text
    view.relations.linkActivated.emit(f"doc:{letter}")
    qtbot.waitUntil(lambda: window.tabs.current_view() is not None
                    and window.tabs.current_view().doc_id == letter, timeout=10000)
    assert "Attached to" in window.tabs.current_view().relations.text()
    window.close()


def test_dropping_an_email_and_a_word_letter_adds_them_and_the_summary_names_the_attachment(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent
    from tests.mailmaker import letter_pdf, word_letter
    mail = write(tmp_path / "drop" / "cover.eml", email(attachments=[("signed.pdf", "application/pdf", letter_pdf())]))
    word = write(tmp_path / "drop" / "request.docx", word_letter())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(mail)), QUrl.fromLocalFile(str(word))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.ingest.ingest_finished, timeout=60000) as blocker:
        window.dropEvent(event)
    report = blocker.args[0]
    assert not report.failed and len(report.added) == 3
    rows = window.ingest.summary_dialog.rows()
    assert any("an attachment" in r[2] for r in rows)
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 6, timeout=20000)
