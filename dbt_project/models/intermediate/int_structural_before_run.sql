-- For every run of services: was the person long-term or repeatedly unemployed (indicators.md
-- §2, with the day before the run began as E) on the day before the run began?
with day_before as (
    select run_id, person_id, run_start - 1 as day_before_run
    from {{ ref('int_services_runs') }}
),

covering as (
    select
        d.run_id,
        d.person_id,
        d.day_before_run,
        s.spell_start <= {{ add_months('d.day_before_run', -12) }} as is_long_term
    from day_before as d
    inner join {{ ref('int_unemployment_spells') }} as s
        on s.person_id = d.person_id
        and s.spell_start <= d.day_before_run
        and s.spell_last_day >= d.day_before_run
),

window_days as (
    select
        c.run_id,
        sum(
            date_diff(
                'day',
                greatest(o.spell_start, {{ add_months('c.day_before_run', -16) }} + 1),
                least(o.spell_last_day, c.day_before_run)
            ) + 1
        ) as unemployed_days_16m
    from covering as c
    inner join {{ ref('int_unemployment_spells') }} as o
        on o.person_id = c.person_id
        and o.spell_start <= c.day_before_run
        and o.spell_last_day > {{ add_months('c.day_before_run', -16) }}
    where not c.is_long_term
    group by c.run_id
)

select
    r.run_id,
    r.person_id,
    r.run_start,
    r.run_start - 1 as day_before_run,
    coalesce(c.is_long_term, false) as was_long_term,
    c.run_id is not null and not c.is_long_term and coalesce(w.unemployed_days_16m, 0) >= 365
        as was_repeatedly,
    coalesce(c.is_long_term, false)
    or (c.run_id is not null and coalesce(w.unemployed_days_16m, 0) >= 365) as was_structural
from {{ ref('int_services_runs') }} as r
left join covering as c on c.run_id = r.run_id
left join window_days as w on w.run_id = r.run_id
