"""Content-addressed store of original files: written once, atomically, never modified."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from .atomic import write_bytes

# Staged originals are written before the database rows that need them and promoted after
# the commit; a crash in between leaves a staged file that the next open promotes or drops.
STAGED_PREFIX = ".staged-"
STALE_AFTER_S = 3600


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, digest: str) -> Path:
        return self.root / digest[:2] / f"{digest}.pdf"

    def has(self, digest: str) -> bool:
        return self.path_for(digest).exists()

    def put(self, digest: str, data: bytes) -> Path:
        """Store data under its hash; the file appears complete or not at all."""
        target = self.path_for(digest)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, data, mode=0o444, prefix=".incoming-")
        return target

    def staged_path(self, digest: str) -> Path:
        return self.root / digest[:2] / f"{STAGED_PREFIX}{digest}"

    def stage(self, digest: str, data: bytes) -> None:
        """Write data durably beside its final place; commit_staged makes it visible.

        Call before the transaction that inserts the document, commit_staged after it."""
        if self.path_for(digest).exists():
            return
        target = self.staged_path(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, data, mode=0o444, prefix=".incoming-")

    def commit_staged(self, digest: str) -> None:
        """Move a staged file to its final name (another process may have done it already)."""
        target = self.path_for(digest)
        try:
            os.replace(self.staged_path(digest), target)
        except FileNotFoundError:
            if not target.exists():
                raise

    def discard_staged(self, digest: str) -> None:
        self.staged_path(digest).unlink(missing_ok=True)

    def recover(self, known: set[str], stale_after_s: float = STALE_AFTER_S) -> tuple[int, int]:
        """After a crash: promote staged files whose document was committed; drop staged and
        temp files of uncommitted ones once they are old enough that no running ingest owns
        them. Returns (promoted, removed)."""
        promoted = removed = 0
        now = time.time()
        for p in self.root.glob(f"??/{STAGED_PREFIX}*"):
            digest = p.name[len(STAGED_PREFIX):]
            try:
                if digest in known and not self.path_for(digest).exists():
                    if sha256_bytes(p.read_bytes()) == digest:
                        self.commit_staged(digest)
                        promoted += 1
                        continue
                if digest in known or now - p.stat().st_mtime > stale_after_s:
                    p.unlink(missing_ok=True)
                    removed += 1
            except FileNotFoundError:
                continue  # another process promoted or removed it meanwhile
        for p in self.root.glob("??/.incoming-*"):
            try:
                if now - p.stat().st_mtime > stale_after_s:
                    p.unlink(missing_ok=True)
                    removed += 1
            except FileNotFoundError:
                continue
        return promoted, removed

    def read(self, digest: str) -> bytes:
        return self.path_for(digest).read_bytes()

    def verify(self, digest: str) -> bool:
        path = self.path_for(digest)
        return path.exists() and sha256_bytes(path.read_bytes()) == digest

    def digests(self) -> set[str]:
        return {p.stem for p in self.root.glob("??/*.pdf")}

    def remove_leftovers(self) -> int:
        """Delete temp files left by an interrupted write."""
        n = 0
        for p in self.root.glob("??/.incoming-*"):
            p.unlink(missing_ok=True)
            n += 1
        return n
