"""The row rules of sources.md ("Rows that break the contract") as one vectorised pass.

Input: a `RawTable` of one file. Output: the typed rows for the raw table (pseudonymised), the
findings, and the quarantined rows (identity code replaced by its pseudonym) for the
quarantine file. Each row gets at most one finding: the first that applies in the order
truncated_row, invalid_hetu, bad_date, end_before_start, bad_number, unknown_code, duplicate,
overlap, out_of_project.

Choices where sources.md is silent (module docstring is their record):

- `bad_number` (not in the contract's list): an integer or decimal column whose text is not a
  number; quarantined, placed after end_before_start.
- "identical in every column" (`duplicate`) compares the stripped text of every column of
  the file, unnamed ones included, as read.
- ESF `unknown_code` comes before `duplicate` and `out_of_project` in the contract's order,
  so a row with an unknown code is kept with that one finding even if it is also a duplicate
  or out of project (literal reading of "the first that applies").
- `overlap` is computed among rows with no finding before it; an empty end date is open
  (still going on). The finding is on the later-starting row of each overlapping pair (on
  equal starts, the later row in the file); every row is listed once.
- `hanke`, `hanketunnus`, `ytunnus`, `keskeytyi`, `palkkatuettu` are upper-cased like codes.
- A workbook date is an Excel date cell or text D.M.YYYY, as sources.md says: a text cell
  such as `2021-11-19` is a `bad_date` (a date cell is told from text by its cell type, see
  `readers.read_xlsx`); a number cell without a date format is no date cell either.
- Kela `kunta` that is not 1-3 digits is kept as written (the contract's unknown_code covers
  te and kunta only); kela `kuukausi` must be YYYY-MM (else bad_date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from askel.config import Config
from askel.ingest import hetu
from askel.ingest.contract import Column, SourceSpec
from askel.ingest.readers import (
    DATE_CELLS,
    LINE,
    NFIELDS,
    OVERFLOW,
    FileRejected,
    RawTable,
    date_cells,
    field_name,
)

QUARANTINED, KEPT, REDACTED = "quarantined", "kept", "redacted"
#: the finding of a row loaded with an identity code redacted from a column other than `hetu`
CODE_ELSEWHERE = "identity_code_in_other_column"
_CODES_IN = "_codes_in"
OPEN_END = dt.date(9999, 12, 31)
_DMY = r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$"


@dataclass
class RuleResult:
    rows_read: int
    #: typed rows for raw.<table> (without load_id/extraction_date, added by the loader)
    loaded: pl.DataFrame
    #: file, row, kind, action, detail
    findings: pl.DataFrame
    #: line, finding, detail and the original fields (identity code pseudonymised)
    quarantined: pl.DataFrame


def _t(name: str) -> str:
    return f"t_{name}"


def _v(name: str) -> str:
    return f"v_{name}"


def map_header(
    raw: RawTable, spec: SourceSpec, label: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(contract column -> field, extra column name -> field); rejects a missing column."""
    wanted = {c.name for c in spec.columns}
    named: dict[str, str] = {}
    extra: dict[str, str] = {}
    for i, cell in enumerate(raw.header):
        key = cell.strip().lower()
        if key in wanted and key not in named:
            named[key] = field_name(i)
        else:
            name = cell.strip() or f"column_{i + 1}"
            while name in extra or (name.lower() in wanted and name.lower() not in named):
                name += "_"
            extra[name] = field_name(i)
    missing = [c.name for c in spec.columns if c.required and c.name not in named]
    if missing:
        what = "column " + missing[0] if len(missing) == 1 else "columns " + ", ".join(missing)
        raise FileRejected(
            "missing_column", f"{label} lacks the required {what} (its header has no such column)."
        )
    return named, extra


def _parse_date(text: pl.Expr, cell: pl.Expr | None) -> pl.Expr:
    """Text D.M.YYYY, or (workbooks) the date of a real date cell (`cell`)."""
    dmy = pl.when(text.str.contains(_DMY)).then(
        text.str.strptime(pl.Date, "%d.%m.%Y", strict=False)
    )
    return dmy if cell is None else pl.coalesce(dmy, cell)


def _parse_month(text: pl.Expr) -> pl.Expr:
    return pl.when(text.str.contains(r"^[0-9]{4}-[0-9]{1,2}$")).then(
        (text + "-1").str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    )


def _parse_integer(text: pl.Expr) -> pl.Expr:
    clean = text.str.replace_all(r"[\s\u00a0]", "")
    return pl.when(clean.str.contains(r"^[+-]?[0-9]+$")).then(clean.cast(pl.Int64, strict=False))


def _parse_decimal(text: pl.Expr) -> pl.Expr:
    clean = text.str.replace_all(r"[\s\u00a0]", "").str.replace(",", ".", literal=True)
    return pl.when(clean.str.contains(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")).then(
        clean.cast(pl.Float64, strict=False).round(2).cast(pl.Decimal(12, 2), strict=False)
    )


def _code_value(col: Column, text: pl.Expr) -> pl.Expr:
    upper = text.str.to_uppercase()
    if col.pad:
        return (
            pl.when(upper.str.contains(r"^[0-9]+$")).then(upper.str.zfill(col.pad)).otherwise(upper)
        )
    return upper


def _municipality(text: pl.Expr) -> pl.Expr:
    upper = text.str.to_uppercase()
    return pl.when(upper.str.contains(r"^[0-9]{1,3}$")).then(upper.str.zfill(3)).otherwise(upper)


def _quote(expr: pl.Expr) -> pl.Expr:
    """A value echoed in a finding: short and never code-shaped."""
    return hetu.scrub_message(expr.str.slice(0, 30))


def _checks(
    spec: SourceSpec, raw: RawTable, config: Config
) -> tuple[list[tuple[str, pl.Expr, pl.Expr]], dict[str, pl.Expr]]:
    """The row rules in the contract's order: (kind, condition, detail), and the ESF
    unknown-code condition per column (those fields are emptied, not quarantined)."""
    workbook = spec.container == "xlsx"
    n_header = len(raw.header)
    checks: list[tuple[str, pl.Expr, pl.Expr]] = []
    if not workbook:
        checks.append(
            (
                "truncated_row",
                pl.col(NFIELDS) < n_header,
                pl.format(
                    "row has {} of the header's {} fields (column {} and those after it "
                    "are missing)",
                    pl.col(NFIELDS),
                    pl.lit(n_header),
                    pl.col(NFIELDS).replace_strict(
                        dict(enumerate(raw.header)), default="?", return_dtype=pl.String
                    ),
                ),
            )
        )
    checks.append(
        (
            "invalid_hetu",
            ~pl.col("_hetu_ok"),
            pl.format(
                "{} (column hetu)", hetu.invalid_reason(pl.col("_code"), pl.col("birth_date"))
            ),
        )
    )
    for c in spec.columns:
        if c.kind not in ("date", "month"):
            continue
        t, v = pl.col(_t(c.name)), pl.col(_v(c.name))
        if c.not_null:
            checks.append(
                ("bad_date", t.is_null(), pl.lit(f"required date is empty (column {c.name})"))
            )
        shape = "YYYY-MM" if c.kind == "month" else "D.M.YYYY"
        checks.append(
            (
                "bad_date",
                t.is_not_null() & v.is_null(),
                pl.format(f"'{{}}' in column {c.name} is not a real date {shape}", _quote(t)),
            )
        )
    if spec.period:
        s, e = spec.period
        checks.append(
            (
                "end_before_start",
                pl.col(_v(e)) < pl.col(_v(s)),
                pl.format(
                    f"end date {{}} (column {e}) is before start date {{}} (column {s})",
                    _quote(pl.col(_t(e))),
                    _quote(pl.col(_t(s))),
                ),
            )
        )
    for c in spec.columns:
        if c.kind in ("integer", "decimal"):
            t, v = pl.col(_t(c.name)), pl.col(_v(c.name))
            what = "an integer" if c.kind == "integer" else "a decimal number"
            checks.append(
                (
                    "bad_number",
                    t.is_not_null() & v.is_null(),
                    pl.format(f"'{{}}' in column {c.name} is not {what}", _quote(t)),
                )
            )
    code_cols = [c for c in spec.columns if c.kind == "code"]
    unknown = {
        c.name: (pl.col(_t(c.name)).is_null() if c.not_null else pl.lit(False))
        | (pl.col(_t(c.name)).is_not_null() & ~pl.col(_v(c.name)).is_in(sorted(c.codes or ())))
        for c in code_cols
    }
    if spec.unknown_code_quarantines:
        for c in code_cols:
            t = pl.col(_t(c.name))
            checks.append(
                (
                    "unknown_code",
                    unknown[c.name],
                    pl.when(t.is_null())
                    .then(pl.lit(f"required code is empty (column {c.name})"))
                    .otherwise(pl.format(f"unknown code '{{}}' in column {c.name}", _quote(t))),
                )
            )
        if spec.municipality_checked:
            for c in spec.columns:
                if c.kind == "municipality":
                    t = pl.col(_t(c.name))
                    checks.append(
                        (
                            "unknown_code",
                            t.is_not_null() & ~t.str.contains(r"^[0-9]{1,3}$"),
                            pl.format(
                                f"municipality code '{{}}' in column {c.name} is not 1-3 digits",
                                _quote(t),
                            ),
                        )
                    )
    elif code_cols:
        names = pl.concat_str(
            [pl.when(unknown[c.name]).then(pl.lit(c.name)) for c in code_cols],
            separator=", ",
            ignore_nulls=True,
        )
        checks.append(
            (
                "unknown_code",
                pl.any_horizontal(list(unknown.values())),
                pl.format("unknown code in column(s) {}; the field reads as empty", names),
            )
        )
    checks.append(
        (
            "duplicate",
            pl.col("_dup_of").is_not_null(),
            pl.format("row is identical in every column to row {}", pl.col("_dup_of")),
        )
    )
    if spec.source == "esf/osallistujat":
        starts = {p.code: p.start for p in config.projects}
        project_start = pl.col(_v("hanketunnus")).replace_strict(
            starts, default=None, return_dtype=pl.Date
        )
        checks.append(
            (
                "out_of_project",
                project_start.is_null(),
                pl.format(
                    "project code '{}' in column hanketunnus is not configured",
                    _quote(pl.col(_t("hanketunnus")).fill_null("")),
                ),
            )
        )
        checks.append(
            (
                "out_of_project",
                pl.col(_v("aloituspvm")) < project_start,
                pl.format(
                    "entry date {} (column aloituspvm) is before the start of project {}",
                    _quote(pl.col(_t("aloituspvm"))),
                    pl.col(_v("hanketunnus")),
                ),
            )
        )
    return checks, unknown


def _first_of(checks: list[tuple[str, pl.Expr, pl.Expr]], pick: int) -> pl.Expr:
    """The kind (pick=0) or detail (pick=2) of the first check that applies, else NULL."""
    if not checks:
        return pl.lit(None, dtype=pl.String)
    chain = None
    for check in checks:
        value = pl.lit(check[0]) if pick == 0 else check[2]
        chain = pl.when(check[1]).then(value) if chain is None else chain.when(check[1]).then(value)
    return chain.otherwise(pl.lit(None, dtype=pl.String))


def apply_rules(
    raw: RawTable,
    spec: SourceSpec,
    *,
    file_name: str,
    label: str,
    key: bytes,
    config: Config,
) -> RuleResult:
    named, extra = map_header(raw, spec, label)
    workbook = spec.container == "xlsx"

    # 1. stripped text (empty = NULL) of every column, contract and extra
    def stripped(field: str, alias: str) -> pl.Expr:
        e = pl.col(field).str.strip_chars()
        return pl.when(e.str.len_bytes() > 0).then(e).alias(alias)

    texts = [
        stripped(named[c.name], _t(c.name))
        if c.name in named
        else pl.lit(None, dtype=pl.String).alias(_t(c.name))
        for c in spec.columns
    ]
    extra_cols = [_t("x:" + n) for n in extra]
    texts += [stripped(f, _t("x:" + n)) for n, f in extra.items()]
    all_text = [_t(c.name) for c in spec.columns] + extra_cols + [OVERFLOW]

    # 2. typed values and identity in one lazy pass, with the duplicate candidates (rows whose
    #    hash of every column is not unique; compared exactly below)
    values = []
    for col in spec.columns:
        t = pl.col(_t(col.name))
        if col.kind == "date":
            cell = None
            if workbook:
                field = named.get(col.name)
                has_cells = field is not None and date_cells(field) in raw.frame.columns
                cell = pl.col(date_cells(field)) if has_cells else pl.lit(None, dtype=pl.Date)
            values.append(_parse_date(t, cell).alias(_v(col.name)))
        elif col.kind == "month":
            values.append(_parse_month(t).alias(_v(col.name)))
        elif col.kind == "integer":
            values.append(_parse_integer(t).alias(_v(col.name)))
        elif col.kind == "decimal":
            values.append(_parse_decimal(t).alias(_v(col.name)))
        elif col.kind == "code":
            values.append(_code_value(col, t).alias(_v(col.name)))
        elif col.kind == "municipality":
            values.append(_municipality(t).alias(_v(col.name)))
        elif col.kind == "text":
            values.append((t.str.to_uppercase() if col.upper else t).alias(_v(col.name)))
    df = (
        raw.frame.lazy()
        .select(
            pl.col(LINE),
            pl.col(NFIELDS),
            pl.col(OVERFLOW).str.strip_chars(),
            pl.col(f"^.*{DATE_CELLS}$"),
            *texts,
        )
        .with_columns(
            *values,
            pl.col(_t("hetu")).str.to_uppercase().alias("_code"),  # already stripped
            pl.struct(all_text).hash(seed=7).is_duplicated().alias("_dup_candidate"),
        )
        .with_columns(hetu.birth_date(pl.col("_code")).alias("birth_date"))
        .with_columns(hetu.is_valid(pl.col("_code"), pl.col("birth_date")).alias("_hetu_ok"))
        .collect()
    )

    # 3. duplicates exactly, then the first finding of each row
    df = df.with_columns(_first_line_of_same(df, all_text).alias("_dup_of"))
    checks, unknown = _checks(spec, raw, config)
    df = df.lazy().with_columns(_first_of(checks, 0).alias("_kind")).collect()
    if spec.source == "te/tyonhakijajaksot":
        df = _mark_overlaps(df)
    # 4. identity codes outside `hetu`: redacted, and said so (after the contract's rules, which
    #    compare the text as it arrived)
    labels = {_t(c.name): c.name for c in spec.columns if c.kind != "hetu"}
    labels |= {_t("x:" + n): n for n in extra} | {OVERFLOW: "fields after the header"}
    df = _redact_codes_elsewhere(df, labels, spec, key)

    kept_kinds = ["overlap", CODE_ELSEWHERE] + (
        [] if spec.unknown_code_quarantines else ["unknown_code"]
    )
    is_kept = pl.col("_kind").is_null() | pl.col("_kind").is_in(kept_kinds)
    redacted_note = pl.format(
        "an identity code in column(s) {} was replaced by its pseudonym", pl.col(_CODES_IN)
    )
    detail = (
        pl.when(pl.col("_kind") == "overlap")
        .then(
            pl.format(
                "period starting {} shares a day with an earlier-starting period of the "
                "same person (columns alkupvm, loppupvm)",
                _quote(pl.col(_t("alkupvm")) if "alkupvm" in named else pl.lit("")),
            )
        )
        .when(pl.col("_kind") == CODE_ELSEWHERE)
        .then(redacted_note)
        .otherwise(_first_of(checks, 2))
    )
    flagged = (
        df.lazy()
        .filter(pl.col("_kind").is_not_null())
        .with_columns(
            pl.when(pl.col(_CODES_IN).is_null() | (pl.col("_kind") == CODE_ELSEWHERE))
            .then(detail)
            .otherwise(pl.concat_str([detail, pl.lit("; "), redacted_note]))
            .alias("_detail"),
            pl.when(pl.col("_kind") == CODE_ELSEWHERE)
            .then(pl.lit(REDACTED))
            .when(is_kept)
            .then(pl.lit(KEPT))
            .otherwise(pl.lit(QUARANTINED))
            .alias("_action"),
        )
        .collect()
    )
    findings = flagged.select(
        pl.lit(file_name).alias("file"),
        pl.col(LINE).cast(pl.Int32).alias("row"),
        pl.lit(spec.source).alias("source"),
        pl.col("_kind").alias("kind"),
        pl.col("_action").alias("action"),
        hetu.scrub_message(pl.col("_detail")).alias("detail"),
    )
    quarantined = flagged.filter(pl.col("_action") == QUARANTINED)
    keep = df.filter(is_kept)
    return RuleResult(
        rows_read=df.height,
        loaded=_typed_rows(keep, spec, extra, unknown, file_name, key),
        findings=findings,
        quarantined=_quarantine_rows(quarantined, raw, named, extra, key),
    )


def _redact_codes_elsewhere(
    df: pl.DataFrame, labels: dict[str, str], spec: SourceSpec, key: bytes
) -> pl.DataFrame:
    """`_codes_in`: the columns (other than hetu) whose text holds an identity code, NULL when
    none; the typed text values of those columns redacted (`hetu.redact_text`). A row with no
    finding yet gets the finding CODE_ELSEWHERE (it is loaded, redacted).

    Fast path: a column whose longest value is shorter than a code is skipped, the rest get
    one vectorised pattern test; Python looks only at the few cells that match it.
    """
    long = [
        c
        for c, n in df.select(pl.col(list(labels)).str.len_chars().max()).row(0, named=True).items()
        if n is not None and n >= hetu.CODE_LENGTH
    ]
    none = pl.lit(None, dtype=pl.String).alias(_CODES_IN)
    if not long:
        return df.with_columns(none)
    masks = df.select(
        pl.int_range(pl.len()).alias("_i"), *(hetu.may_hold_code(pl.col(c)) for c in long)
    )
    masks = masks.filter(pl.any_horizontal(pl.col(long).fill_null(False)))
    if masks.height == 0:
        return df.with_columns(none)
    index = masks["_i"].to_list()
    found: list[list[str]] = [[] for _ in index]
    for c in long:
        values = df[c].gather(masks["_i"]).to_list()
        for j, (hit, value) in enumerate(zip(masks[c].to_list(), values, strict=True)):
            if hit and hetu.has_code(value):
                found[j].append(labels[c])
    codes_in = pl.Series(_CODES_IN, [None] * df.height, dtype=pl.String).scatter(
        index, [", ".join(f) if f else None for f in found]
    )
    out = df.with_columns(codes_in)
    # the typed value of a text column is its text (maybe upper-cased or padded): redact it
    for c in spec.columns:
        v = _v(c.name)
        if v in df.columns and df.schema[v] == pl.String and _t(c.name) in long:
            rows = [i for i, f in zip(index, found, strict=True) if c.name in f]
            if rows:
                fixed = [
                    None if x is None else hetu.redact_text(x, key)
                    for x in df[v].gather(rows).to_list()
                ]
                out = out.with_columns(out[v].scatter(rows, pl.Series(fixed, dtype=pl.String)))
    kind = pl.when(pl.col("_kind").is_null() & pl.col(_CODES_IN).is_not_null())
    return out.with_columns(
        kind.then(pl.lit(CODE_ELSEWHERE)).otherwise(pl.col("_kind")).alias("_kind")
    )


def _first_line_of_same(df: pl.DataFrame, columns: list[str]) -> pl.Series:
    """For each row identical to an earlier one, that earlier row's line; else NULL."""
    out = pl.Series("dup", [None] * df.height, dtype=pl.Int64)
    candidates = df["_dup_candidate"]
    if df.height == 0 or not candidates.any():
        return out
    sub = df.with_row_index("_i").filter(candidates)
    first = sub.select(
        pl.col("_i"),
        pl.when(~pl.struct(columns).is_first_distinct())
        .then(pl.col(LINE).first().over(columns))
        .alias("dup_of"),
    ).filter(pl.col("dup_of").is_not_null())
    return out.scatter(first["_i"], first["dup_of"])


def _mark_overlaps(df: pl.DataFrame) -> pl.DataFrame:
    """`overlap` on rows that share a day with an earlier-starting period of the same person.

    Rows with no finding so far, sorted by person, start and line: a row overlaps when the
    latest end among the person's earlier rows reaches its start. The per-person running
    maximum is one global running maximum over (person number, end), which needs no grouping.
    """
    days = pl.col(_v("loppupvm")).fill_null(OPEN_END).cast(pl.Int64)
    order = (
        df.lazy()
        .with_row_index("_i")
        .filter(pl.col("_kind").is_null())
        .select(
            "_i", "_code", pl.col(_v("alkupvm")).cast(pl.Int64).alias("s"), days.alias("e"), LINE
        )
        .with_columns(pl.col("_code").cast(pl.Categorical).to_physical().alias("_code"))
        .sort("_code", "s", maintain_order=True)  # rows are in file order: ties by line
        .with_columns((pl.col("_code") != pl.col("_code").shift(1)).fill_null(True).alias("new"))
        .with_columns(pl.col("new").cum_sum().cast(pl.Int64).alias("g"))
        .with_columns((pl.col("g") * 10_000_000 + pl.col("e")).cum_max().shift(1).alias("m"))
        .filter(~pl.col("new") & (pl.col("m") - pl.col("g") * 10_000_000 >= pl.col("s")))
        .select("_i")
        .collect()
    )
    if order.height == 0:
        return df
    kind = df["_kind"].scatter(order["_i"], "overlap")
    return df.with_columns(kind.alias("_kind"))


def _extra_json(df: pl.DataFrame, extra: dict[str, str], key: bytes) -> pl.Expr | pl.Series:
    # (a Series when there are extra columns, else a NULL literal)
    """JSON object of the columns the contract does not name, code-like text pseudonymised."""
    fields = [pl.col(_t("x:" + n)).alias(n) for n in extra]
    fields.append(pl.col(OVERFLOW).alias("_fields_after_header"))
    has_overflow = df.select(pl.col(OVERFLOW).is_not_null().any()).item()
    if not extra and not has_overflow:
        return pl.lit(None, dtype=pl.String)
    if not has_overflow:
        fields = fields[:-1]
    encoded = df.select(pl.struct(fields).struct.json_encode().alias("j"))["j"]
    suspect = hetu.may_hold_code(encoded)
    if suspect.any():
        idx = suspect.arg_true()
        fixed = pl.Series(
            [hetu.redact_text(v, key) for v in encoded.gather(idx).to_list()], dtype=pl.String
        )
        encoded = encoded.scatter(idx, fixed)
    return encoded


def _typed_rows(
    df: pl.DataFrame,
    spec: SourceSpec,
    extra: dict[str, str],
    unknown: dict[str, pl.Expr],
    file_name: str,
    key: bytes,
) -> pl.DataFrame:
    ids = hetu.pseudonym_table(df["_code"], key)
    out = [
        pl.lit(file_name).alias("file_name"),
        pl.col(LINE).cast(pl.Int32).alias("row_number"),
        pl.col("person_id"),
        pl.col("birth_date"),
        hetu.sex(pl.col("_code")).alias("sex"),
    ]
    for c in spec.columns:
        if c.kind == "hetu":
            continue
        v = pl.col(_v(c.name))
        if not spec.unknown_code_quarantines and c.name in unknown:
            v = pl.when(unknown[c.name]).then(pl.lit(None)).otherwise(v)
            if c.name == "koulutusaste":
                v = v.cast(pl.Int32)
        elif c.kind == "integer":
            v = v.cast(pl.Int32)
        out.append(v.alias(c.name))
    joined = df.join(ids, left_on="_code", right_on="code", how="left", maintain_order="left")
    extra_json = _extra_json(joined, extra, key)
    return joined.lazy().select(out).collect().with_columns(extra_json.alias("extra_columns"))


def _quarantine_rows(
    df: pl.DataFrame, raw: RawTable, named: dict[str, str], extra: dict[str, str], key: bytes
) -> pl.DataFrame:
    """Quarantined rows with their original (stripped) fields; identity code -> pseudonym."""
    header = {**{f: c for c, f in named.items()}, **{f: n for n, f in extra.items()}}
    cols: dict[str, list] = {
        "line": df[LINE].to_list(),
        "finding": df["_kind"].to_list(),
        "detail": df["_detail"].to_list(),
    }
    by_field = {f: (_t(c) if c in named else _t("x:" + c)) for f, c in header.items()}
    for i in range(len(raw.header)):
        f = field_name(i)
        label = raw.header[i] or f"column_{i + 1}"
        values = df[by_field[f]].to_list() if f in by_field else [None] * df.height
        if named.get("hetu") == f:
            values = [None if v is None else "pseudonym:" + hetu.pseudonym(v, key) for v in values]
        else:
            values = [None if v is None else hetu.redact_text(v, key) for v in values]
        while label in cols:
            label += "_"
        cols[label] = values
    if df.height and df[OVERFLOW].is_not_null().any():
        cols["_fields_after_header"] = [
            None if v is None else hetu.redact_text(v, key) for v in df[OVERFLOW].to_list()
        ]
    cols["detail"] = [None if d is None else hetu.redact_text(d, key) for d in cols["detail"]]
    return pl.DataFrame(cols, schema={k: (pl.Int64 if k == "line" else pl.String) for k in cols})
