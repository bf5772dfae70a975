"""Outlook .msg files for the tests: a small Compound File Binary writer (MS-CFB, version 3) and the
MS-OXMSG layout of a message with recipients and attachments. python-oxmsg only reads, and no
library here writes .msg files."""
from __future__ import annotations

import struct
from datetime import datetime, timezone

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

PT_LONG, PT_SYSTIME, PT_STRING, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102


class _Node:
    def __init__(self, name: str, data: bytes | None = None):
        self.name = name
        self.data = data             # None for a storage
        self.children: list[_Node] = []
        self.sid = 0
        self.start = END
        self.size = 0


def _sort_key(node: _Node):
    return (len(node.name), node.name.upper())


def write_cfb(tree: dict) -> bytes:
    """tree: {name: bytes (a stream) or dict (a storage)}; returns the compound file's bytes."""
    root = _Node("Root Entry")

    def build(parent: _Node, items: dict) -> None:
        for name, value in items.items():
            node = _Node(name, None if isinstance(value, dict) else value)
            parent.children.append(node)
            if isinstance(value, dict):
                build(node, value)

    build(root, tree)
    nodes: list[_Node] = []

    def number(node: _Node) -> None:
        node.sid = len(nodes)
        nodes.append(node)
        for c in sorted(node.children, key=_sort_key):
            number(c)

    number(root)
    # Streams under the cutoff live in the mini stream; the others in sectors of their own.
    mini_data = bytearray()
    mini_fat: list[int] = []
    big: list[_Node] = []
    for n in nodes:
        if n.data is None:
            continue
        n.size = len(n.data)
        if n.size < CUTOFF:
            if n.size == 0:
                n.start = END
                continue
            count = -(-n.size // MINI)
            first = len(mini_fat)
            n.start = first
            mini_fat.extend(list(range(first + 1, first + count)) + [END])
            mini_data += n.data + b"\0" * (count * MINI - n.size)
        else:
            big.append(n)
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return END
        count = -(-len(data) // SECTOR)
        first = len(sectors)
        for i in range(count):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + i + 1 if i < count - 1 else END)
        return first

    for n in big:
        n.start = place(n.data)
    root.start = place(bytes(mini_data))
    root.size = len(mini_data)
    mini_fat_start = place(b"".join(struct.pack("<I", v) for v in mini_fat))
    mini_fat_sectors = -(-len(mini_fat) * 4 // SECTOR) if mini_fat else 0
    directory = bytearray()
    for n in nodes:
        kids = sorted(n.children, key=_sort_key)
        name = n.name.encode("utf-16-le") + b"\0\0"
        kind = 5 if n is root else (1 if n.data is None else 2)
        # Siblings as a chain through the right links (all black: a valid, if unbalanced, tree).
        directory += struct.pack("<64sHBBIII16sIQQIQ", name.ljust(64, b"\0"), len(name), kind, 1,
                                 NOSTREAM, NOSTREAM, kids[0].sid if kids else NOSTREAM, b"\0" * 16, 0, 0, 0,
                                 n.start if (n.data is not None or n is root) else 0, n.size)
        for a, b in zip(kids, kids[1:]):
            a.right = b.sid
    # Patch the right-sibling links now that every node has its number.
    for n in nodes:
        right = getattr(n, "right", NOSTREAM)
        struct.pack_into("<I", directory, n.sid * 128 + 72, right)
    while len(directory) % SECTOR:
        directory += struct.pack("<64sHBBIII16sIQQIQ", b"\0" * 64, 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                                 b"\0" * 16, 0, 0, 0, 0, 0)
    dir_start = place(bytes(directory))
    # The FAT describes itself too: grow it until its own sectors are counted.
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_start = len(sectors)
    fat.extend([FATSECT] * fat_count)
    fat.extend([FREE] * (fat_count * (SECTOR // 4) - len(fat)))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    for i in range(fat_count):
        sectors.append(fat_bytes[i * SECTOR:(i + 1) * SECTOR])
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\0" * 6, 0, fat_count, dir_start, 0, CUTOFF,
                         mini_fat_start if mini_fat else END, mini_fat_sectors, END, 0)
    header += b"".join(struct.pack("<I", v) for v in difat)
    return header + b"".join(sectors)


def _props(entries: list[tuple[int, int, bytes]], header: bytes) -> tuple[bytes, dict]:
    """The __properties_version1.0 stream and the __substg1.0_ streams of variable-size values."""
    stream = bytearray(header)
    streams: dict[str, bytes] = {}
    for pid, ptype, value in entries:
        tag = (pid << 16) | ptype
        if ptype in (PT_STRING, PT_BINARY):
            streams[f"__substg1.0_{pid:04X}{ptype:04X}"] = value
            stream += struct.pack("<IIII", tag, 6, len(value) + (2 if ptype == PT_STRING else 0), 0)
        else:
            stream += struct.pack("<II", tag, 6) + value.ljust(8, b"\0")
    return bytes(stream), streams


def _s(text: str) -> bytes:
    return text.encode("utf-16-le")


def _filetime(when: datetime) -> bytes:
    return struct.pack("<Q", int((when - datetime(1601, 1, 1, tzinfo=timezone.utc)).total_seconds() * 10_000_000))


def outlook_message(*, subject: str, sender: tuple[str, str], to: list[tuple[str, str]],
                    cc: list[tuple[str, str]] = (), when: datetime, body: str, message_id: str = "",
                    in_reply_to: str = "", attachments: list[tuple[str, str, bytes]] = ()) -> bytes:
    entries = [(0x001A, PT_STRING, _s("IPM.Note")), (0x0037, PT_STRING, _s(subject)),
               (0x0C1A, PT_STRING, _s(sender[0])), (0x0C1F, PT_STRING, _s(sender[1])),
               (0x1000, PT_STRING, _s(body)), (0x0039, PT_SYSTIME, _filetime(when))]
    if message_id:
        entries.append((0x1035, PT_STRING, _s(message_id)))
    if in_reply_to:
        entries.append((0x1042, PT_STRING, _s(in_reply_to)))
    people = [(n, a, 1) for n, a in to] + [(n, a, 2) for n, a in cc]
    head = struct.pack("<8xIIII8x", len(people), len(attachments), len(people), len(attachments))
    stream, streams = _props(entries, head)
    tree: dict = {"__properties_version1.0": stream, **streams}
    for i, (name, address, kind) in enumerate(people):
        s, subs = _props([(0x0C15, PT_LONG, struct.pack("<I", kind)), (0x3001, PT_STRING, _s(name)),
                          (0x3003, PT_STRING, _s(address)), (0x39FE, PT_STRING, _s(address))], b"\0" * 8)
        tree[f"__recip_version1.0_#{i:08X}"] = {"__properties_version1.0": s, **subs}
    for i, (name, mime, data) in enumerate(attachments):
        s, subs = _props([(0x3705, PT_LONG, struct.pack("<I", 1)), (0x3707, PT_STRING, _s(name)),
                          (0x370E, PT_STRING, _s(mime)), (0x3701, PT_BINARY, data)], b"\0" * 8)
        tree[f"__attach_version1.0_#{i:08X}"] = {"__properties_version1.0": s, **subs}
    return write_cfb(tree)
