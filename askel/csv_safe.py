"""CSV cells that a spreadsheet will not run as formulas (OWASP, "CSV Injection").

A partner's extract may hold text such as `=HYPERLINK(...)` or `@SUM(...)`; askel copies such
text into CSV files people open in a spreadsheet (quarantined rows, findings, rejected-file
copies). OWASP's advice: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a single quote in front, so the spreadsheet shows it as text. The quote is visible
to a reader, which is the point: the value is shown, not evaluated. Numbers that askel itself
writes (line numbers, counts) are never text and are left alone; the funder export
(`export/esf_indicators.csv`) holds only codes and plain integers and does not use this.
"""

from __future__ import annotations

import polars as pl

#: first characters a spreadsheet reads as the start of a formula (OWASP)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PATTERN = "^[=+\\-@\\t\\r]"


def neutralise(value: str) -> str:
    """`value` with a leading `'` when it begins like a formula, else unchanged."""
    return "'" + value if value.startswith(FORMULA_START) else value


def neutralise_expr(expr: pl.Expr) -> pl.Expr:
    """The same for a text column (vectorised; NULL stays NULL)."""
    return pl.when(expr.str.contains(_PATTERN)).then(pl.lit("'") + expr).otherwise(expr)


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of `frame` neutralised; the column names too."""
    text = [c for c, t in frame.schema.items() if t == pl.String]
    out = frame.with_columns(neutralise_expr(pl.col(c)).alias(c) for c in text)
    return out.rename({c: neutralise(c) for c in out.columns if neutralise(c) != c})


def neutralise_delimited(text: str) -> str:
    """Every field of `;`/`,`-delimited text neutralised, for files askel could not parse
    (a rejected extract's copy): fields are split on the delimiter without regard to quotes,
    so a quoted field is checked after its opening quote, and a delimiter inside quotes may
    at worst add a harmless `'`."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first or "," not in first else ","
    lines = []
    for line in text.split("\n"):
        end = "\r" if line.endswith("\r") else ""
        line = line.removesuffix("\r")
        fields = [
            '"' + neutralise(f[1:]) if f.startswith('"') else neutralise(f)
            for f in line.split(delimiter)
        ]
        lines.append(delimiter.join(fields) + end)
    return "\n".join(lines)
