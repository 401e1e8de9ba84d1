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
- A workbook date may be an Excel date cell (read as ISO text) or text D.M.YYYY.
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
from askel.ingest.readers import LINE, NFIELDS, OVERFLOW, FileRejected, RawTable, field_name

QUARANTINED, KEPT = "quarantined", "kept"
OPEN_END = dt.date(9999, 12, 31)
_DMY = r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$"
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$"


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


def _parse_date(text: pl.Expr, workbook: bool) -> pl.Expr:
    dmy = pl.when(text.str.contains(_DMY)).then(
        text.str.strptime(pl.Date, "%d.%m.%Y", strict=False)
    )
    if not workbook:
        return dmy
    iso = pl.when(text.str.contains(_ISO)).then(
        text.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    )
    return pl.coalesce(dmy, iso)


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
    n_header = len(raw.header)
    frame = raw.frame

    # 1. stripped text (empty = NULL) of every column, contract and extra
    texts = []
    for col in spec.columns:
        if col.name in named:
            e = pl.col(named[col.name]).str.strip_chars()
            texts.append(pl.when(e.str.len_bytes() > 0).then(e).alias(_t(col.name)))
        else:
            texts.append(pl.lit(None, dtype=pl.String).alias(_t(col.name)))
    extra_texts = []
    for name, f in extra.items():
        e = pl.col(f).str.strip_chars()
        extra_texts.append(pl.when(e.str.len_bytes() > 0).then(e).alias(_t("x:" + name)))
    df = frame.select(
        pl.col(LINE), pl.col(NFIELDS), pl.col(OVERFLOW).str.strip_chars(), *texts, *extra_texts
    )
    extra_cols = [_t("x:" + n) for n in extra]

    # 2. typed values
    code = hetu.normalised(pl.col(_t("hetu")))
    values = [code.alias("_code")]
    for col in spec.columns:
        t = pl.col(_t(col.name))
        if col.kind == "date":
            values.append(_parse_date(t, workbook).alias(_v(col.name)))
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
    df = df.with_columns(values).with_columns(
        hetu.invalid_reason(pl.col("_code")).alias("_hetu_bad")
    )

    # 3. findings in the contract's order: (kind, condition, detail)
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
                        {i: h for i, h in enumerate(raw.header)},
                        default="?",
                        return_dtype=pl.String,
                    ),
                ),
            )
        )
    checks.append(
        (
            "invalid_hetu",
            pl.col("_hetu_bad").is_not_null(),
            pl.format("{} (column hetu)", pl.col("_hetu_bad")),
        )
    )
    date_cols = [c for c in spec.columns if c.kind in ("date", "month")]
    for c in date_cols:
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
                    pl.col(_t(e)),
                    pl.col(_t(s)),
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
    unknown_conditions = {
        c.name: (
            (pl.col(_t(c.name)).is_null() if c.not_null else pl.lit(False))
            | (pl.col(_t(c.name)).is_not_null() & ~pl.col(_v(c.name)).is_in(sorted(c.codes or ())))
        )
        for c in code_cols
    }
    if spec.unknown_code_quarantines:
        for c in code_cols:
            checks.append(
                (
                    "unknown_code",
                    unknown_conditions[c.name],
                    pl.when(pl.col(_t(c.name)).is_null())
                    .then(pl.lit(f"required code is empty (column {c.name})"))
                    .otherwise(
                        pl.format(
                            f"unknown code '{{}}' in column {c.name}", _quote(pl.col(_t(c.name)))
                        )
                    ),
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
        bad_names = pl.concat_str(
            [pl.when(unknown_conditions[c.name]).then(pl.lit(c.name)) for c in code_cols],
            separator=", ",
            ignore_nulls=True,
        )
        checks.append(
            (
                "unknown_code",
                pl.any_horizontal(list(unknown_conditions.values())),
                pl.format("unknown code in column(s) {}; the field reads as empty", bad_names),
            )
        )
    # duplicate: identical stripped text in every column (hash first, then exact on candidates)
    all_text = [_t(c.name) for c in spec.columns] + extra_cols + [OVERFLOW]
    df = df.with_columns(_first_line_of_same(df, all_text).alias("_dup_of"))
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
                    "entry date {} (column aloituspvm) is before the project {} starts",
                    pl.col(_t("aloituspvm")),
                    pl.col(_v("hanketunnus")),
                ),
            )
        )

    kind = pl.lit(None, dtype=pl.String)
    detail = pl.lit(None, dtype=pl.String)
    chain_k = chain_d = None
    for k, cond, d in checks:
        if chain_k is None:
            chain_k, chain_d = pl.when(cond).then(pl.lit(k)), pl.when(cond).then(d)
        else:
            chain_k, chain_d = chain_k.when(cond).then(pl.lit(k)), chain_d.when(cond).then(d)
    if chain_k is not None:
        kind = chain_k.otherwise(pl.lit(None, dtype=pl.String))
        detail = chain_d.otherwise(pl.lit(None, dtype=pl.String))
    df = df.with_columns(kind.alias("_kind"), detail.alias("_detail"))

    if spec.source == "te/tyonhakijajaksot":
        df = _mark_overlaps(df)

    kept_kinds = ["overlap"] + ([] if spec.unknown_code_quarantines else ["unknown_code"])
    df = df.with_columns(
        pl.when(pl.col("_kind").is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("_kind").is_in(kept_kinds))
        .then(pl.lit(KEPT))
        .otherwise(pl.lit(QUARANTINED))
        .alias("_action")
    )
    findings = df.filter(pl.col("_kind").is_not_null()).select(
        pl.lit(file_name).alias("file"),
        pl.col(LINE).cast(pl.Int32).alias("row"),
        pl.lit(spec.source).alias("source"),
        pl.col("_kind").alias("kind"),
        pl.col("_action").alias("action"),
        hetu.scrub_message(pl.col("_detail")).alias("detail"),
    )
    keep = df.filter(pl.col("_action").is_null() | (pl.col("_action") == KEPT))
    quarantined = df.filter(pl.col("_action") == QUARANTINED)
    loaded = _typed_rows(keep, spec, extra, unknown_conditions, file_name, key)
    return RuleResult(
        rows_read=df.height,
        loaded=loaded,
        findings=findings,
        quarantined=_quarantine_rows(quarantined, raw, named, extra, key),
    )


def _first_line_of_same(df: pl.DataFrame, columns: list[str]) -> pl.Series:
    """For each row identical to an earlier one, that earlier row's line; else NULL."""
    if df.height == 0:
        return pl.Series([], dtype=pl.Int64)
    h = df.select(pl.struct(columns).hash(seed=7).alias("h"))["h"]
    candidates = ~h.is_unique()
    out = pl.Series([None] * df.height, dtype=pl.Int64)
    if not candidates.any():
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
    """`overlap` on rows that share a day with an earlier-starting period of the same person."""
    candidates = (
        df.filter(pl.col("_kind").is_null())
        .select(
            pl.col(LINE),
            pl.col("_code"),
            pl.col(_v("alkupvm")).alias("s"),
            pl.col(_v("loppupvm")).fill_null(OPEN_END).alias("e"),
        )
        .sort("_code", "s", LINE)
        .with_columns(pl.col("e").cum_max().shift(1).over("_code").alias("prev_end"))
        .filter(pl.col("prev_end") >= pl.col("s"))
        .select(LINE, pl.lit(True).alias("_overlap"))
    )
    if candidates.height == 0:
        return df
    return (
        df.join(candidates, on=LINE, how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("_overlap"))
            .then(pl.lit("overlap"))
            .otherwise(pl.col("_kind"))
            .alias("_kind"),
            pl.when(pl.col("_overlap"))
            .then(
                pl.format(
                    "period starting {} shares a day with an earlier-starting period of the same "
                    "person (columns alkupvm, loppupvm)",
                    pl.col(_t("alkupvm")),
                )
            )
            .otherwise(pl.col("_detail"))
            .alias("_detail"),
        )
        .drop("_overlap")
    )


def _extra_json(df: pl.DataFrame, extra: dict[str, str], key: bytes) -> pl.Expr | pl.Series:
    """JSON object of the columns the contract does not name, code-like text pseudonymised."""
    fields = [pl.col(_t("x:" + n)).alias(n) for n in extra]
    fields.append(pl.col(OVERFLOW).alias("_fields_after_header"))
    has_overflow = df.select(pl.col(OVERFLOW).is_not_null().any()).item()
    if not extra and not has_overflow:
        return pl.lit(None, dtype=pl.String)
    if not has_overflow:
        fields = fields[:-1]
    encoded = df.select(pl.struct(fields).struct.json_encode().alias("j"))["j"]
    suspect = encoded.str.contains(hetu.CODE_LIKE)
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
        hetu.birth_date(pl.col("_code")).alias("birth_date"),
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
    result = joined.select(out)
    if isinstance(extra_json, pl.Series):
        return result.with_columns(extra_json.alias("extra_columns"))
    return result.with_columns(extra_json.alias("extra_columns"))


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
