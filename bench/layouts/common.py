"""A second labelled set of letters, in layouts the shared set does not have (a window-envelope
letter, a company's reply with a reference row, memos, printed e-mails, a signatory table, dates
at the foot, honorifics stacked): PDFs made here with PyMuPDF, and their truth in truth.json in
the shared set's format. Letters made by code are not real correspondence; this set checks that
a rule fixed for the shared letters also holds where the layout differs.

    python -m bench.layouts OUT_DIR      # writes the 24 PDFs, then score them with bench_letters.py
"""
import os
import pymupdf



A4 = (595, 842)
LETTER = (612, 792)


class Doc:
    out = "."   # the folder the PDFs are written to (make() sets it)
    def __init__(self, name, size=A4, font="sans-serif", fs=10.5, left=72, right=72, top=72, bottom=78,
                 top_cont=None, header=None, footer=None, lh=1.3):
        self.name, self.size, self.font, self.fs, self.lh = name, size, font, fs, lh
        self.left, self.right, self.top, self.bottom = left, size[0] - right, top, size[1] - bottom
        self.top_cont = top_cont or top
        self.header, self.footer = header, footer
        self.doc = pymupdf.open()
        self.page = None
        self.new_page()

    def css(self, fs=None, font=None, align="left"):
        return ("* {font-family: %s; font-size: %.1fpt; line-height: %.2f; text-align: %s;} p {margin: 0;} "
                "td {vertical-align: top; padding: 0 4pt 2pt 0;} table {border-collapse: collapse;}"
                % (font or self.font, fs or self.fs, self.lh, align))

    def new_page(self):
        self.page = self.doc.new_page(width=self.size[0], height=self.size[1])
        self.y = self.top if len(self.doc) == 1 else self.top_cont

    def put(self, x0, y0, x1, html, fs=None, font=None, align="left", y1=None):
        r = pymupdf.Rect(x0, y0, x1, y1 or self.size[1] - 10)
        spare, _ = self.page.insert_htmlbox(r, html, css=self.css(fs, font, align), scale_low=1)
        return r.y1 - spare if spare >= 0 else r.y1

    def flow(self, html, gap=9, x0=None, x1=None, fs=None, font=None, align="left", keep=0):
        x0 = self.left if x0 is None else x0
        x1 = self.right if x1 is None else x1
        if self.y + keep > self.bottom:
            self.new_page()
        r = pymupdf.Rect(x0, self.y, x1, self.bottom)
        spare, _ = self.page.insert_htmlbox(r, html, css=self.css(fs, font, align), scale_low=1)
        if spare < 0:
            self.new_page()
            r = pymupdf.Rect(x0, self.y, x1, self.bottom)
            spare, _ = self.page.insert_htmlbox(r, html, css=self.css(fs, font, align), scale_low=1)
        self.y = r.y1 - spare + gap

    def paras(self, items, gap=9, **kw):
        for t in items:
            self.flow("<p>%s</p>" % t if not t.startswith("<") else t, gap=gap, **kw)

    def side(self, blocks, gap=12, width=None, keep=80):
        """Blocks side by side (signatures)."""
        if self.y + keep > self.bottom:
            self.new_page()
        n = len(blocks)
        w = width or (self.right - self.left) / n
        bottom = self.y
        for i, b in enumerate(blocks):
            bottom = max(bottom, self.put(self.left + i * w, self.y, self.left + (i + 1) * w - 8, b))
        self.y = bottom + gap

    def space(self, h):
        self.y += h

    def save(self):
        n = len(self.doc)
        for i, page in enumerate(self.doc):
            self.page = page
            if self.header and (i > 0 or getattr(self.header, "first", False)):
                self.header(self, i + 1, n)
            if self.footer:
                self.footer(self, i + 1, n)
        self.doc.subset_fonts()
        self.doc.save(os.path.join(Doc.out, self.name), garbage=3, deflate=True)


def small(t, fs=7.5, font="sans-serif"):
    return t


# ---------------------------------------------------------------- English
