"""What ingest does for e-mail and Word files besides reading them: mailboxes split into their
messages, attachments added as documents of their own, and the pages laid out for the viewer."""
from __future__ import annotations

import mailbox
from pathlib import Path

from archive import Archive
from archive.formats import detect


class MailboxError(Exception):
    pass


def split_mailbox(path: Path, data: bytes) -> list[tuple[Path, bytes]]:
    """A file as (path, bytes) pairs: an .mbox gives one per message, named "message N.eml" inside
    it; any other file is itself."""
    if detect(data, path.name) != "mbox":
        return [(path, data)]
    try:
        box = mailbox.mbox(str(path), create=False)
        messages = [box.get_bytes(key) for key in box.iterkeys()]
        box.close()
    except (OSError, mailbox.Error, ValueError) as exc:
        raise MailboxError(f"damaged: the mailbox cannot be read ({exc})") from None
    messages = [m for m in messages if m.strip()]
    if not messages:
        raise MailboxError("empty: the mailbox has no messages")
    return [(path / f"message {n}.eml", m) for n, m in enumerate(messages, start=1)]


def attached_documents(result: dict, parent: str, path: Path, known: set[str]) -> list[tuple[str, Path, bytes, dict]]:
    """The documents attached to a message (and to messages attached to it) that the archive does
    not have yet, as (digest, path, bytes, result); marks them known, so each is stored once."""
    found = []
    for child in result.get("children", []):
        digest = child["digest"]
        child["attached_to"] = parent
        child_path = path / child["file_name"]
        if digest not in known:
            known.add(digest)
            found.append((digest, child_path, child["data"], child))
        found.extend(attached_documents(child, digest, child_path, known))
    return found


def save_rendered(archive: Archive, rows: list[dict], results: list[dict]) -> None:
    from archive.correspondence import save_rendered as save
    for row, result in zip(rows, results):
        if result.get("rendered"):
            save(archive.path, row["id"], result["rendered"])
