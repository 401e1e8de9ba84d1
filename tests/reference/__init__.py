"""An independent, plain-Python reading of indicators.md, used only to cross-check the marts.

Written from the spec, not from the dbt SQL: where the two disagree on a generated area, one of
them misreads the spec, and the test names the cells that differ.
"""
