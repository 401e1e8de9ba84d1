"""The report as a printable A4 PDF (fpdf2): the same model as the HTML, charts embedded as
vector graphics from the same SVG, DejaVu Sans (shipped with matplotlib) embedded so that
ä and ö render anywhere. The creation date is the run's `as_of`, so a rebuild gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from reports.model import Report, Section, Table

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
NAVY = (31, 58, 95)
MUTED = (91, 103, 115)
BAND = (244, 246, 249)
LINE = (217, 222, 228)


class _ReportPDF(FPDF):
    def __init__(self, footer_text: str, page_word: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.page_word = page_word

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.page_word} {self.page_no()}/{{nb}}", align="R")


def _table(pdf: FPDF, table: Table) -> None:
    ncols = len(table.header)
    size = 8.2 if ncols <= 6 else 7.2 if ncols <= 9 else 6.4
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_text_color(*NAVY)
    pdf.multi_cell(0, 5, table.caption, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", size=size)
    widths, table_width = _column_widths(pdf, table, size)
    aligns = tuple("RIGHT" if num else "LEFT" for num in table.numeric)
    pdf.set_fill_color(246, 248, 250)  # fpdf2 fills zebra rows with the current fill colour
    pdf.set_draw_color(*LINE)
    with pdf.table(
        width=table_width,
        align="LEFT",
        col_widths=widths,
        text_align=aligns,
        line_height=size * 0.5,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=BAND, color=NAVY),
        cell_fill_color=(246, 248, 250),
        cell_fill_mode="ROWS",
        padding=(0.8, 1.2),
        repeat_headings=1,
    ) as grid:
        head = grid.row()
        for h in table.header:
            head.cell(h)
        for i, row in enumerate(table.rows):
            style = FontFace(emphasis="BOLD") if i in table.total_rows else None
            line = grid.row(style=style)
            for cell in row:
                line.cell(cell)
    pdf.ln(4)


def _column_widths(pdf: FPDF, table: Table, size: float) -> tuple[list[float], float]:
    """Widths (mm) from the content: the widest cell, or the header's longest word (headers
    wrap between words, never inside one); scaled down to the page width when too wide."""
    pad = 4.2
    widths = []
    for c, head in enumerate(table.header):
        pdf.set_font("DejaVu", "B", size)
        need = max((pdf.get_string_width(w) for w in head.split()), default=4)
        pdf.set_font("DejaVu", "", size)
        for row in table.rows:
            need = max(need, pdf.get_string_width(row[c]) * (1.08 if c in (0,) else 1.0))
        widths.append(min(need + pad, 70))
    total = sum(widths)
    if total > pdf.epw:
        widths = [w * pdf.epw / total for w in widths]
        total = pdf.epw
    return widths, total


def _section(pdf: FPDF, section: Section, not_available: str, first: bool) -> None:
    if not first:
        pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.set_text_color(*NAVY)
    pdf.cell(0, 9, section.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.2, section.definition, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_text_color(0, 0, 0)
    if not section.available:
        pdf.set_fill_color(*BAND)
        pdf.set_font("DejaVu", size=10)
        pdf.cell(0, 9, "  " + not_available, fill=True, new_x="LMARGIN", new_y="NEXT")
        return
    if section.kpis:
        width = (pdf.epw - 3 * (len(section.kpis) - 1)) / len(section.kpis)
        y = pdf.get_y()
        for i, k in enumerate(section.kpis):
            x = pdf.l_margin + i * (width + 3)
            pdf.set_fill_color(*BAND)
            pdf.rect(x, y, width, 24, style="F")
            pdf.set_fill_color(*NAVY)
            pdf.rect(x, y, width, 0.9, style="F")
            pdf.set_xy(x + 2, y + 2)
            pdf.set_font("DejaVu", "B", 6.6)
            pdf.multi_cell(width - 4, 3.2, k.label, align="L")
            pdf.set_xy(x + 2, y + 10)
            pdf.set_font("DejaVu", "B", 15)
            pdf.set_text_color(*NAVY)
            pdf.cell(width - 4, 7, k.value)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(x + 2, y + 18)
            pdf.set_font("DejaVu", size=5.8)
            pdf.cell(width - 4, 4, k.sub)
            pdf.set_text_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, y + 28)
    for chart in section.charts:
        if pdf.get_y() > pdf.h - 90:
            pdf.add_page()
        pdf.set_fill_color(0, 0, 0)  # SVG shapes without a fill colour inherit this one
        pdf.image(io.BytesIO(chart.svg.encode("utf-8")), w=pdf.epw)
        pdf.ln(3)
    for table in section.tables:
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        _table(pdf, table)


def render_pdf(report: Report, as_of: str | None, not_available: str, page_word: str) -> bytes:
    pdf = _ReportPDF(
        f"{report.title} · {report.meta_lines[0][0]} {report.meta_lines[0][1]}", page_word
    )
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(report.title)
    pdf.set_author("askel")
    pdf.set_lang(report.lang)
    created = dt.datetime.combine(
        dt.date.fromisoformat(as_of) if as_of else dt.date(2000, 1, 1), dt.time(), dt.UTC
    )
    pdf.set_creation_date(created)
    pdf.alias_nb_pages()
    pdf.add_page()
    # title band
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, pdf.w, 34, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(15, 9)
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 8, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    pdf.cell(0, 5, report.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=7.5)
    meta = "   ·   ".join(f"{k}: {v}" for k, v in report.meta_lines)
    pdf.multi_cell(0, 3.8, meta, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(40)
    for i, section in enumerate(report.sections):
        _section(pdf, section, not_available, first=i == 0)
    pdf.ln(4)
    pdf.set_font("DejaVu", size=7.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 3.8, report.disclosure_note, align="L")
    return bytes(pdf.output())
