"""Disclosure control (indicators.md §8): no cell of 1–4 persons, and no hidden cell that a
reader can work out from its row or column total."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.disclosure import (
    Status,
    line_relations,
    mark,
    protect,
    recomputable,
    share_hidden,
    shown_small,
)

P, C, S = Status.PRIMARY, Status.COMPLEMENTARY, Status.SHOWN


def with_totals(body: list[list[int]]) -> list[list[int | None]]:
    """`body` plus a total column and a total row."""
    rows = [[*r, sum(r)] for r in body]
    rows.append([sum(col) for col in zip(*rows, strict=True)])
    return rows


def audit(values, relations):
    status = protect(values, relations)
    return status, shown_small(values, status), recomputable(values, status, relations)


def test_small_counts_read_less_than_five_and_zero_stays_zero():
    status = protect([[0, 1, 4, 5, None]])
    assert [mark(s) for s in status[0]] == [None, "<5", "<5", None, None]


def test_the_smallest_other_non_zero_cell_of_the_row_is_hidden_too():
    values = [[3, 0, 20, 9, 32]]  # parts then their total
    status = protect(values, line_relations(1, 5, total_col=4))
    assert status == [[P, S, S, C, S]]  # 9 is the smallest non-zero other cell, 0 stays shown


def test_complementary_suppression_repeats_until_no_line_gives_a_cell_away():
    values = with_totals([[2, 10, 30], [15, 12, 40], [20, 25, 60]])
    relations = line_relations(4, 4, total_row=3, total_col=3)
    status, small, found = audit(values, relations)
    assert status[0][0] is P
    assert status[0][1] is C  # row 0: 10 is the smallest other cell
    assert status[1][0] is C  # column 0: 15, then column 1 and row 1 need one more each
    assert sum(s is not S for row in status for s in row) == 4
    assert status[1][1] is C
    assert small == [] and found == []


def test_a_small_total_is_hidden_as_well():
    values = with_totals([[1, 0], [0, 0]])
    status, small, found = audit(values, line_relations(3, 3, total_row=2, total_col=2))
    assert status[0][0] is P and status[0][2] is P and status[2][0] is P and status[2][2] is P
    assert small == [] and found == []


def test_a_general_relation_such_as_the_stock_flow_identity_is_protected():
    # unemployed(m-1), inflow(m), outflow(m), unemployed(m): one equation
    values = [[100, 3, 20, 83]]
    relations = [[(0, 0), (0, 1), (0, 2), (0, 3)]]
    status, small, found = audit(values, relations)
    assert status[0][1] is P and status[0][2] is C
    assert small == [] and found == []


def test_audit_finds_a_value_left_recoverable():
    values = [[3, 10, 13]]
    relations = line_relations(1, 3, total_col=2)
    naive = [[P, S, S]]
    assert recomputable(values, naive, relations) == [(0, 0)]
    assert shown_small([[3]], [[S]]) == [(0, 0)]


def test_shares_from_fewer_than_five_persons_or_from_a_hidden_count_are_hidden():
    assert share_hidden(S, 4) is True
    assert share_hidden(P, 100) is True
    assert share_hidden(C, 100) is True
    assert share_hidden(S, 5) is False
    assert share_hidden(S, 0) is False


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda ncols: st.lists(
            st.lists(st.integers(0, 30), min_size=ncols, max_size=ncols), min_size=1, max_size=5
        )
    ),
    st.booleans(),
    st.booleans(),
)
def test_random_tables_show_no_small_cell_and_give_no_hidden_cell_away(body, row_total, col_total):
    values: list[list[int | None]] = [list(r) for r in body]
    if col_total:
        values = [[*r, sum(r)] for r in values]
    if row_total:
        values.append([sum(col) for col in zip(*values, strict=True)])
    relations = line_relations(
        len(values),
        len(values[0]),
        total_row=len(values) - 1 if row_total else None,
        total_col=len(values[0]) - 1 if col_total else None,
    )
    status, small, found = audit(values, relations)
    assert small == []
    assert found == []
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            if v == 0 and status[r][c] is not S:
                # a zero is only hidden when it is the last cell left to protect a line
                assert status[r][c] is C
