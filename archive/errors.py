"""Errors a user can cause; each message says what happened and what to do."""


class PapertrailError(Exception):
    """Base for errors shown to the user as one line."""


class NotFound(PapertrailError):
    pass


class Ambiguous(PapertrailError):
    pass


class QueryError(PapertrailError):
    pass


class BadInput(PapertrailError):
    pass


class ArchiveBusy(PapertrailError):
    pass


class IndexNotUpdated(PapertrailError):
    """A change was committed to the database but the search index could not follow it."""
