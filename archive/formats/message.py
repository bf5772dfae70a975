"""An e-mail message as Papertrail reads it, whatever file it came in (.eml, .msg, a mailbox)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Person:
    name: str
    address: str

    @property
    def shown(self) -> str:
        if self.name and self.address:
            return f"{self.name} <{self.address}>"
        return self.name or self.address

    @property
    def party(self) -> str:
        """The name a party is known by: the display name, else the address."""
        return self.name or self.address


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class Message:
    subject: str = ""
    sender: list[Person] = field(default_factory=list)
    to: list[Person] = field(default_factory=list)
    cc: list[Person] = field(default_factory=list)
    sent: datetime | None = None          # with its time zone when the header gave one
    date_header: str = ""                 # the Date: header as written
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    body: str = ""                        # plain text (HTML already turned into text)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
