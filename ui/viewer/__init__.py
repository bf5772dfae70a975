"""The document viewer: rendered pages with text selection, highlights and search matches, in tabs."""
from .document_view import DocumentView
from .marks import CURRENT_SEARCH_COLOR, SEARCH_COLOR, Highlight, Selection
from .render import PageRenderer
from .tabs import DocumentTabs

__all__ = ["DocumentView", "DocumentTabs", "Highlight", "Selection", "PageRenderer",
           "SEARCH_COLOR", "CURRENT_SEARCH_COLOR"]
