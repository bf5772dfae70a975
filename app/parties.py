"""Party aliases as a use case: merging parties keeps search filters in step."""
from __future__ import annotations

from archive import Archive
from archive import parties as store


def add_alias(archive: Archive, name: str, alias: str) -> tuple[str, list[int]]:
    with archive.transaction():
        pid, merged = store.add_alias(archive.db, name, alias)
        canonical = store.party_name(archive.db, pid)
    if merged:
        # The index stores party ids; documents of the merged party now carry the surviving id.
        doc_ids = [r[0] for r in archive.db.execute(
            "SELECT DISTINCT doc_id FROM document_parties WHERE party_id = ?", [pid])]
        archive.index_documents(doc_ids)
    if "." in alias:
        # An address or a domain: e-mails from it now name the organisation too.
        from archive.correspondence import add_known_organisations
        with archive.transaction():
            changed = add_known_organisations(archive.db)
        archive.index_documents(changed)
    return canonical, merged


def list_parties(archive: Archive) -> list[dict]:
    """Every party with its aliases and number of documents, by name."""
    return store.list_parties(archive.db)


def _docs_of(archive: Archive, pid: int) -> list[str]:
    docs = {r[0] for r in archive.db.execute("SELECT DISTINCT doc_id FROM document_parties WHERE party_id = ?", [pid])}
    docs |= {r[0] for r in archive.db.execute("SELECT DISTINCT doc_id FROM passages WHERE by_party = ?", [pid])}
    return sorted(docs)


def rename_party(archive: Archive, name: str, new_name: str) -> dict:
    """A new display name for a party; its old name stays an alias."""
    with archive.transaction():
        old = store.party_name(archive.db, store.existing_party(archive.db, name))
        pid = store.rename_party(archive.db, name, new_name)
        result = {"id": pid, "old_name": old, "name": store.party_name(archive.db, pid)}
    return result


def merge_parties(archive: Archive, source: str, target: str) -> dict:
    """Fold one party into another: documents, passages and names follow; search stays in step."""
    with archive.transaction():
        src_name = store.party_name(archive.db, store.existing_party(archive.db, source))
        src, dst = store.merge_parties(archive.db, source, target)
        result = {"merged": src_name, "into": store.party_name(archive.db, dst), "id": dst}
    archive.index_documents(_docs_of(archive, dst))
    return result


def delete_party(archive: Archive, name: str) -> dict:
    """Remove a party read in error from every document that names it."""
    with archive.transaction():
        shown = store.party_name(archive.db, store.existing_party(archive.db, name))
        pid, docs = store.delete_party(archive.db, name)
    if docs:
        archive.index_documents(docs)
    return {"deleted": shown, "id": pid, "documents": docs}
