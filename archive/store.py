"""Content-addressed store of original files: written once, atomically, never modified."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


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
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        return target

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
