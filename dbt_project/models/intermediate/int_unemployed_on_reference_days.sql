-- Persons unemployed on each month's reference day E (the spell covering E; a person has at
-- most one) with the classification of indicators.md §2, each counted by the spell's
-- municipality:
-- long-term: the spell began on or before add_months(E, -12);
-- repeatedly: not long-term, at least 365 unemployed days D with add_months(E, -16) < D <= E,
--   computed as cumulative unemployed days up to E minus those up to add_months(E, -16);
-- returned from services: neither, and the latest day in services before E (the last day
--   before E of the latest run of services that began before E) is on or after add_months(E, -3).
-- A view: monthly_flows aggregates it once; materialising one row per person-month costs more.
{{ config(materialized='view') }}
with spell_days as (
    select person_key, spell_start, spell_last_day, unemployed_days_before
    from {{ ref('int_unemployment_spells') }}
),

runs as (
    select person_key, run_start, run_end from {{ ref('int_services_runs') }}
),

covering as (
    select
        m.month,
        m.reference_day,
        m.minus_3_months,
        m.minus_16_months,
        s.person_key,
        s.person_id,
        s.spell_id,
        s.spell_start,
        s.municipality_code,
        s.spell_start <= m.minus_12_months as is_long_term,
        s.unemployed_days_before + date_diff('day', s.spell_start, m.reference_day) + 1
            as unemployed_days_to_e
    from {{ ref('int_months') }} as m
    inner join {{ ref('int_unemployment_spells') }} as s
        on s.spell_start <= m.reference_day and s.spell_last_day >= m.reference_day
),

with_window as (
    select
        c.*,
        c.unemployed_days_to_e - coalesce(
            w.unemployed_days_before
            + date_diff('day', w.spell_start, least(w.spell_last_day, c.minus_16_months)) + 1,
            0
        ) as unemployed_days_16m
    from covering as c
    asof left join spell_days as w
        on w.person_key = c.person_key and c.minus_16_months >= w.spell_start
),

with_services as (
    select
        c.*,
        -- (least() would skip a NULL: no run before E must stay NULL)
        case when r.run_end is not null then least(r.run_end, c.reference_day - 1) end
            as last_day_in_services_before
    from with_window as c
    asof left join runs as r
        on r.person_key = c.person_key and c.reference_day > r.run_start
)

select
    month,
    reference_day,
    person_id,
    person_key,
    spell_id,
    spell_start,
    municipality_code,
    cast(unemployed_days_16m as integer) as unemployed_days_16m,
    last_day_in_services_before,
    is_long_term,
    not is_long_term and unemployed_days_16m >= 365 as is_repeatedly,
    not is_long_term
    and unemployed_days_16m < 365
    and coalesce(last_day_in_services_before >= minus_3_months, false) as is_returned_from_services
from with_services
