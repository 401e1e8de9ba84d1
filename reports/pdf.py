"""The printable report: `report/indicators.pdf` printed by headless Chromium from the very
`report/indicators.html` the run has just written, so the two cannot drift apart. Layout is the
HTML's `@media print` rules (A4, a page per section, table headers repeated on every page a
table spans); the foot of each page carries the title, the reference day and "page n/N".

Reproducible: Chromium stamps the PDF with the time it printed; both dates are rewritten to the
run's `as_of` (same length, so no offset in the file moves) and a rebuild gives the same bytes.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from reports.chromium import Browser

_STAMP = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")

FOOTER = (
    "<div style=\"font-family:Arial,'Liberation Sans','DejaVu Sans',sans-serif;"
    "font-size:7pt;color:#5b6773;width:100%;margin:0 11mm;display:flex;"
    'justify-content:space-between"><span>{left}</span>'
    '<span>{page} <span class="pageNumber"></span>/<span class="totalPages"></span></span></div>'
)


def print_pdf(html_path: Path, pdf_path: Path, footer_left: str, page_word: str, as_of: str | None):
    """Print `html_path` to `pdf_path` (raises `PdfPrinterMissing` without Chromium)."""
    footer = FOOTER.format(left=html.escape(footer_left), page=html.escape(page_word))
    with Browser() as browser:
        session = browser.open(html_path)
        data = browser.pdf(session, footer)
    pdf_path.write_bytes(_restamp(data, as_of))


def _restamp(data: bytes, as_of: str | None) -> bytes:
    day = (as_of or "2000-01-01")[:10].replace("-", "").encode("ascii")
    return _STAMP.sub(lambda m: b"/" + m.group(1) + b" (D:" + day + b"000000", data)
