-- For every run of services, whether the person was long-term or repeatedly unemployed
-- (indicators.md §2, with the day before the run began as E) on the day before the run began.
-- The latest spell that began on or before that day covers it when it has not ended before it.
with spell_days as (
    select person_key, spell_start, spell_last_day, unemployed_days_before
    from {{ ref('int_unemployment_spells') }}
),

days as (
    select
        run_id,
        person_id,
        person_key,
        run_start,
        run_start - 1 as day_before_run,
        {{ add_months('run_start - 1', -12) }} as minus_12_months,
        {{ add_months('run_start - 1', -16) }} as minus_16_months
    from {{ ref('int_services_runs') }}
),

with_spell as (
    select
        d.*,
        s.spell_start is not null and s.spell_last_day >= d.day_before_run as was_unemployed,
        s.spell_start,
        s.unemployed_days_before + date_diff('day', s.spell_start, d.day_before_run) + 1
            as unemployed_days_to_day
    from days as d
    asof left join spell_days as s
        on s.person_key = d.person_key and d.day_before_run >= s.spell_start
),

with_window as (
    select
        d.*,
        d.unemployed_days_to_day - coalesce(
            w.unemployed_days_before
            + date_diff('day', w.spell_start, least(w.spell_last_day, d.minus_16_months)) + 1,
            0
        ) as unemployed_days_16m
    from with_spell as d
    asof left join spell_days as w
        on w.person_key = d.person_key and d.minus_16_months >= w.spell_start
)

select
    run_id,
    person_id,
    person_key,
    run_start,
    day_before_run,
    was_unemployed and spell_start <= minus_12_months as was_long_term,
    was_unemployed and spell_start > minus_12_months and unemployed_days_16m >= 365
        as was_repeatedly,
    was_unemployed and (spell_start <= minus_12_months or unemployed_days_16m >= 365)
        as was_structural
from with_window
