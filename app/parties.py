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
