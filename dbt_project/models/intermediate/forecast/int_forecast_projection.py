"""indicators.md §10: the cohort projection of every origin (as_of and the 12 backtest origins)
and area. The method and its reasons are in askel/forecast/projection.py (and this model's
YAML); the inputs are the SQL models it refs, so the whole forecast stays in dbt's lineage."""


def model(dbt, session):
    dbt.config(materialized="table")
    from askel.forecast import project_origins

    return project_origins(
        dbt.ref("int_forecast_origins").fetchnumpy(),
        dbt.ref("int_forecast_stock").fetchnumpy(),
        dbt.ref("int_forecast_transitions").fetchnumpy(),
        dbt.ref("monthly_flows")
        .select(
            "month, municipality_code, inflow, long_term_unemployed_end, "
            "structural_unemployment_end"
        )
        .fetchnumpy(),
    )
