"""ESF participations of the configured projects, drawn from the status periods.

A person joins while in a period of unemployment, services, education or outside the labour
force that falls in a project's window; the participant form's entry status follows the
register, the situation upon leaving follows the register two weeks after leaving. Some come
back, some join the other project too, some records are incomplete, as staff fill them in.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from askel.config import Project
from askel.synth import parameters as P
from askel.synth.population import Population, day_number
from askel.synth.register import SERVICE_INDEX, Periods, locate, lognormal_days

NEVER = -1  # leaving date never recorded
_ENTRY_STATUS = np.array(
    ["TYOLLINEN", "TYOLLINEN", "TYOTON", "TYOTON", "TYOLLINEN", "ULKOPUOLELLA", "TYOTON",
     "OPISKELIJA", "TYOLLINEN"]
)  # fmt: skip
_LEAVING_STATUS = np.array(
    ["TYOLLINEN", "TYOLLINEN", "TYONHAKU", "TYONHAKU", "TYOLLINEN", "ULKOPUOLELLA", "TYONHAKU",
     "KOULUTUS", "TYOLLINEN"]
)  # fmt: skip
_AFTER_REASON = np.array(["TYOLLINEN", "YRITTAJA", "KOULUTUS", "ULKOPUOLELLA", "EI_TIEDOSSA"])


def _project_weights(projects: tuple[Project, ...]) -> np.ndarray:
    if len(projects) == 1:
        return np.ones(1)
    mains = [p.role == "main" for p in projects]
    n_main = sum(mains) or 1
    n_other = len(projects) - sum(mains)
    main_share = P.MAIN_PROJECT_SHARE if n_other else 1.0
    w = [main_share / n_main if m else (1 - main_share) / n_other for m in mains]
    return np.asarray(w) / sum(w)


def _stay(rng: np.random.Generator, entry: np.ndarray, proj_end: np.ndarray) -> np.ndarray:
    n = len(entry)
    length = lognormal_days(rng, np.full(n, float(P.ESF_STAY[0])), np.full(n, P.ESF_STAY[1]))
    return np.minimum(entry + length - 1, proj_end)


def participations(
    periods: Periods,
    pop: Population,
    projects: tuple[Project, ...],
    rng: np.random.Generator,
) -> pl.DataFrame:
    """One row per participation: pid, project index, entry, leave (NEVER = not recorded)."""
    lo = np.array([day_number(p.start) for p in projects])
    hi = np.array([day_number(p.end) for p in projects])
    proj = rng.choice(len(projects), len(periods), p=_project_weights(projects))
    p_entry = np.zeros(len(periods))
    for s, p in P.ESF_ENTRY.items():
        p_entry[periods.status == s] = p
    long = periods.end - periods.start + 1 > 180
    p_entry = np.where(long & (p_entry > 0), p_entry + P.ESF_LONG_PERIOD_EXTRA, p_entry)
    w_lo = np.maximum(periods.start, lo[proj])
    w_hi = np.minimum(periods.end, hi[proj] - 14)
    possible = (p_entry > 0) & (w_lo <= w_hi)
    cand = np.flatnonzero((rng.random(len(periods)) < p_entry) & possible)
    if len(np.unique(periods.pid[cand])) < P.ESF_MIN_PARTICIPANTS:  # a tiny area
        rest = np.flatnonzero(possible & ~np.isin(periods.pid, periods.pid[cand]))
        _, first_of_person = np.unique(periods.pid[rest], return_index=True)
        extra = rest[np.sort(first_of_person)[: P.ESF_MIN_PARTICIPANTS]]
        cand = np.sort(np.concatenate([cand, extra]))
    _, first = np.unique(periods.pid[cand], return_index=True)
    cand = cand[first]
    pid, proj = periods.pid[cand], proj[cand]
    entry = w_lo[cand] + (rng.random(len(cand)) * (w_hi[cand] - w_lo[cand] + 1)).astype(np.int64)
    leave = _stay(rng, entry, hi[proj])
    rows = [(pid, proj, entry, leave)]
    # re-entry into the same project after leaving
    back = rng.random(len(pid)) < P.ESF_REENTRY
    entry2 = leave + rng.integers(30, 366, len(pid))
    back &= entry2 <= hi[proj] - 14
    # at least one of each case where one is possible, so that even a small area meets it
    back[np.flatnonzero(entry2 <= hi[proj] - 14)[: int(not back.any())]] = True
    rows.append((pid[back], proj[back], entry2[back], _stay(rng, entry2[back], hi[proj[back]])))
    # the same person also in another project
    if len(projects) > 1:
        both = rng.random(len(pid)) < P.ESF_BOTH_PROJECTS
        other = (proj + rng.integers(1, len(projects), len(pid))) % len(projects)
        entry3 = np.maximum(entry + rng.integers(0, 61, len(pid)), lo[other])
        both &= entry3 <= hi[other] - 14
        both[np.flatnonzero(entry3 <= hi[other] - 14)[: int(not both.any())]] = True
        rows.append(
            (pid[both], other[both], entry3[both], _stay(rng, entry3[both], hi[other[both]]))
        )
    cols = [np.concatenate(c) for c in zip(*rows, strict=True)]
    frame = pl.DataFrame(
        {"pid": cols[0], "project": cols[1], "entry": cols[2], "leave": cols[3]}
    ).sort(["pid", "project", "entry"])
    forgotten = rng.random(frame.height) < P.ESF_FORGOTTEN_LEAVING
    return frame.with_columns(
        leave=pl.when(pl.Series(forgotten)).then(NEVER).otherwise(pl.col("leave"))
    )


def participant_forms(
    parts: pl.DataFrame,
    periods: Periods,
    pop: Population,
    projects: tuple[Project, ...],
    rng: np.random.Generator,
) -> pl.DataFrame:
    """The participant forms: entry data, yes/no questions and the situation upon leaving."""
    n = parts.height
    pid = parts["pid"].to_numpy()
    entry = parts["entry"].to_numpy()
    leave = parts["leave"].to_numpy()
    at = locate(periods, pid, entry)
    covered = (at >= 0) & (periods.end[np.maximum(at, 0)] >= entry)
    status_at = periods.status[np.maximum(at, 0)]
    asema = np.where(covered, _ENTRY_STATUS[status_at], "ULKOPUOLELLA")
    in_training = covered & (status_at == P.S07) & (rng.random(n) < 0.3)
    asema = np.where(in_training, "OPISKELIJA", asema)
    asema = np.where(rng.random(n) < P.ESF_EMPTY_STATUS, "", asema)
    edu = pop.isced[pid].astype(str).astype(object)
    u = rng.random(n)
    edu = np.where(u < P.ESF_UNKNOWN_EDUCATION, "9", edu)
    edu = np.where(
        (u >= P.ESF_UNKNOWN_EDUCATION) & (u < P.ESF_UNKNOWN_EDUCATION + P.ESF_EMPTY_EDUCATION),
        "",
        edu,
    )
    # situation two weeks after leaving, from the register
    look = leave + 14
    later = locate(periods, pid, look)
    later_ok = later >= 0
    li = np.maximum(later, 0)
    in_period = later_ok & (periods.end[li] >= look)
    tilanne = np.where(
        in_period,
        _LEAVING_STATUS[periods.status[li]],
        np.where(
            later_ok & (periods.reason[li] >= 0), _AFTER_REASON[periods.reason[li]], "EI_TIEDOSSA"
        ),
    )
    education_service = np.isin(periods.service[li], [SERVICE_INDEX["TVK"], SERVICE_INDEX["OMA"]])
    tilanne = np.where(
        in_period & (periods.status[li] == P.S07) & education_service, "KOULUTUS", tilanne
    )
    u = rng.random(n)
    tilanne = np.where(u < P.ESF_TILANNE_EMPTY, "", tilanne)
    tilanne = np.where(
        (u >= P.ESF_TILANNE_EMPTY) & (u < P.ESF_TILANNE_EMPTY + P.ESF_TILANNE_UNKNOWN),
        "EI_TIEDOSSA",
        tilanne,
    )
    tilanne = np.where(leave == NEVER, "", tilanne)
    u = rng.random(n)
    qual_p = np.where(tilanne == "KOULUTUS", 2 * P.ESF_QUALIFICATION, P.ESF_QUALIFICATION)
    tutkinto = np.where(u < 0.2, "", np.where(rng.random(n) < qual_p, "K", "E"))
    tutkinto = np.where(leave == NEVER, "", tutkinto)
    out = {
        "hanketunnus": np.array([p.code for p in projects])[parts["project"].to_numpy()],
        "pid": pid,
        "entry": entry,
        "leave": leave,
        "tyomarkkina_asema": asema,
        "koulutusaste": edu.astype(str),
    }
    for field, yes in P.ESF_YES.items():
        eos = (
            0.0
            if field == "maaseutu"
            else (P.ESF_EOS_SENSITIVE if field in P.ESF_SENSITIVE else P.ESF_EOS)
        )
        u = rng.random(n)
        out[field] = np.where(
            u < P.ESF_NO_ANSWER,
            "",
            np.where(u < P.ESF_NO_ANSWER + eos, "EOS", np.where(rng.random(n) < yes, "K", "E")),
        )
    out["tilanne_lopussa"] = tilanne
    out["tutkinto"] = tutkinto
    out["text_dates"] = rng.random(n) < P.ESF_TEXT_DATES
    return pl.DataFrame(out)


def joint_service_rows(
    forms: pl.DataFrame,
    projects: tuple[Project, ...],
    kunta_of: np.ndarray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Services delivered within the projects: municipal coaching (hanke ASKEL) for the main
    project's participants, TE coaching for the sister project's."""
    roles = {p.code: p.role for p in projects}
    main = forms["hanketunnus"].replace_strict(roles, default="sister").to_numpy() == "main"
    n = forms.height
    pick = rng.random(n) < 0.6
    st = forms["entry"].to_numpy() + rng.integers(0, 31, n)
    dur = lognormal_days(rng, np.full(n, 90.0), np.full(n, 0.5))
    pid = forms["pid"].to_numpy()
    return pl.DataFrame(
        {
            "pid": pid[pick],
            "org": np.where(main, "kunta", "te")[pick],
            "palvelu": np.where(main, "TVA", "VAL")[pick],
            "start": st[pick],
            "end": (st + dur - 1)[pick],
            "kunta": kunta_of[pid[pick]],
            "askel": main[pick],
        }
    )
