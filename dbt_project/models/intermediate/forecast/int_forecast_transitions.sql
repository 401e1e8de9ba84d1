-- indicators.md §10: the exits by elapsed duration that the forecast's exit rates are estimated
-- from, per area (the spell's municipality, and ALL) and calendar month, for every month a
-- forecast origin's 24-month window can reach (the earliest backtest origin's window to the
-- last complete month before as_of).
-- A spell that covered the end of month t-1 was at risk in month t with elapsed_months = the
-- calendar months from its first month to t-1 (capped at 48, "48 or more") and exited in month t
-- when it does not cover the end of month t. elapsed_months = -1 holds the spells that began in
-- month t: at risk from their first day, exited when they do not cover the month's end. Only
-- months whose end is on or before as_of count, so every exit here is observed.
with bounds as (
    select
        cast(min(last_complete_month) - interval 23 month as date) as first_month,
        max(last_complete_month) as last_month
    from {{ ref('int_forecast_origins') }}
),

-- one row per area, first month and last month end covered (compacts spells before expanding)
spell_groups as (
    select
        s.municipality_code,
        cast(date_trunc('month', s.spell_start) as date) as start_month,
        cast(
            case
                when s.spell_last_day = last_day(s.spell_last_day)
                    then date_trunc('month', s.spell_last_day)
                else date_trunc('month', s.spell_last_day) - interval 1 month
            end as date
        ) as last_covered_month,
        count(*) as spells
    from {{ ref('int_unemployment_spells') }} as s
    cross join bounds as b
    where s.spell_last_day >= b.first_month - interval 1 day
        and s.spell_start <= last_day(b.last_month)
    group by all
),

by_area as (
    select * from spell_groups where municipality_code is not null
    union all
    select 'ALL', start_month, last_covered_month, sum(spells)
    from spell_groups
    group by all
),

months as (
    select
        g.municipality_code,
        g.start_month,
        g.last_covered_month,
        g.spells,
        cast(unnest(generate_series(
            greatest(g.start_month, b.first_month),
            least(g.last_covered_month + interval 1 month, b.last_month),
            interval 1 month
        )) as date) as month
    from by_area as g
    cross join bounds as b
)

select
    municipality_code,
    month,
    least(date_diff('month', start_month, month) - 1, 48) as elapsed_months,
    sum(spells) as at_risk,
    sum(case when month = last_covered_month + interval 1 month then spells else 0 end) as exits
from months
group by all
order by all
