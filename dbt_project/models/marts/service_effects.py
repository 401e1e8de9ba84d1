"""indicators.md §9: the employment effect of services. The person-days and the comparisons'
candidate sets are SQL (int_effect_person_days, int_effect_service_starts); the propensity model,
the matching within each entry day and the variance are askel/effects (the method and its
reasons there and in this model's YAML)."""


def model(dbt, session):
    dbt.config(materialized="table")
    from askel.effects import estimate_effects

    return estimate_effects(
        dbt.ref("int_effect_person_days").pl(),
        dbt.ref("int_effect_service_starts").pl(),
    ).sort("service_code", "horizon_months")
