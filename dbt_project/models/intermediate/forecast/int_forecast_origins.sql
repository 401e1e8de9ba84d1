-- indicators.md §10: the days a forecast is made from. The forecast's origin is as_of; the
-- backtest's are the 12 month ends before as_of (the last days of the 12 months before the
-- month of as_of). An origin before the first month of data has nothing to forecast from and is
-- left out. For each origin: the last month whose end is on or before it (its own month when
-- the origin is a month end) bounds what is known at the origin; exit rates come from the 24
-- months up to that month. A backtest origin is projected up to the month of as_of at most
-- (later months have no actual yet), and that month up to as_of, its reference day.
with offsets as (
    select unnest(range(0, 13)) as months_before
),

origins as (
    select
        months_before,
        case
            when months_before = 0 then {{ as_of() }}
            else cast(last_day({{ add_months("date_trunc('month', " ~ as_of() ~ ")", "-months_before") }}) as date)
        end as origin
    from offsets
)

select
    o.origin,
    o.months_before > 0 as is_backtest,
    cast(
        case when o.months_before > 0 then least(o.months_before, 6) else 6 end as integer
    ) as last_horizon_months,
    -- share of that last month up to its reference day: as_of, unless as_of ends its month
    case
        when o.months_before between 1 and 6 and {{ as_of() }} < last_day({{ as_of() }})
            then cast(day({{ as_of() }}) as double) / day(last_day({{ as_of() }}))
        else 1.0
    end as last_month_share,
    cast(date_trunc('month', o.origin) as date) as origin_month,
    cast(
        case
            when o.origin = last_day(o.origin) then date_trunc('month', o.origin)
            else date_trunc('month', o.origin) - interval 1 month
        end as date
    ) as last_complete_month,
    -- share of the origin's month after the origin (0 at a month end): the part of the
    -- origin's month still to be projected
    cast(date_diff('day', o.origin, last_day(o.origin)) as double)
        / day(last_day(o.origin)) as remaining_share
from origins as o
where date_trunc('month', o.origin) >= (select min(month) from {{ ref('int_months') }})
