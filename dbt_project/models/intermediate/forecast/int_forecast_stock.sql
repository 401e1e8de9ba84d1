-- indicators.md §10: who is unemployed on each origin, with the elapsed duration of their spell,
-- counted by area (the spell's municipality, and ALL). The data as they stood on the origin are
-- the same spells cut at the origin (the as_of rule of indicators.md applied at the origin): a
-- spell is in the stock when it began on or before the origin and its last day is on or after
-- it. (Cutting the periods at the origin and merging them gives exactly these spells cut at the
-- origin, so no re-run per origin is needed.)
-- elapsed_months: calendar months from the spell's first month to the origin's month (0 = began
-- in the origin's month), capped at 48 ("48 or more": exit rates are pooled there).
-- crossing_day: the first day on which the spell counts as long-term unemployed (§2: began on or
-- before add_months(E, -12)), add_months(spell_start, 12), or 1 March for a spell that began on
-- 29 February; crossing_month is its month, raised to the origin's month when earlier (the spell
-- is then long-term on every month end after the origin and crosses in no forecast month).
with origins as (
    select origin, origin_month from {{ ref('int_forecast_origins') }}
),

spells as (
    select
        spell_start,
        spell_last_day,
        municipality_code,
        cast({{ add_months('spell_start', 12) }}
            + case when month(spell_start) = 2 and day(spell_start) = 29 then 1 else 0 end
            as date) as crossing_day
    from {{ ref('int_unemployment_spells') }}
),

stock as (
    select
        o.origin,
        s.municipality_code,
        least(date_diff('month', date_trunc('month', s.spell_start), o.origin_month), 48)
            as elapsed_months,
        s.crossing_day <= o.origin as long_term_at_origin,
        cast(greatest(date_trunc('month', s.crossing_day), o.origin_month) as date) as crossing_month,
        -- days of the crossing month before the crossing day (how long a crosser must last
        -- into that month); only used for crossings after the origin's month
        day(s.crossing_day) - 1 as days_before_crossing,
        s.crossing_day <= {{ as_of() }} as crossed_by_as_of
    from origins as o
    inner join spells as s
        on s.spell_start <= o.origin and s.spell_last_day >= o.origin
),

by_area as (
    select * from stock where municipality_code is not null
    union all
    select * replace ('ALL' as municipality_code) from stock
)

select
    origin,
    municipality_code,
    elapsed_months,
    long_term_at_origin,
    crossing_month,
    count(*) as spells,
    -- an integer sum over one crossing month, then divided: the same bytes on every run
    cast(sum(days_before_crossing) as double) / day(last_day(crossing_month))
        as crossing_share_sum,
    -- for a backtest projected to as_of mid-month: who in the cohort has crossed by then
    count(*) filter (where crossed_by_as_of) as crossed_by_as_of
from by_area
group by origin, municipality_code, elapsed_months, long_term_at_origin, crossing_month
order by origin, municipality_code, elapsed_months, long_term_at_origin, crossing_month
