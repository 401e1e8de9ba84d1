-- indicators.md §10: the backtest. For each of the 12 month ends before as_of as origin, the
-- method applied to the data as they stood on that day (int_forecast_projection), for horizons
-- 1, 3 and 6, next to what monthly_flows shows happened (actual) and two naive forecasts:
-- naive_last = the origin's value; naive_seasonal = the value 12 months before the target
-- month + (the origin's value - the value 12 months before the origin).
-- Readings (where §10 is silent; also in the YAML):
-- * measures: the forecast measures that monthly_flows holds (unemployed_end,
--   long_term_unemployed_end, structural_unemployment_end), so that actual is monthly_flows'
--   value on every row; new_long_term_unemployed is not a monthly_flows column and is not
--   backtested here;
-- * a target month after the month of as_of has no actual yet: such rows are left out; the
--   month of as_of is measured on its reference day, as_of, both by monthly_flows and by the
--   method (which projects that month only up to as_of);
-- * naive_seasonal is empty when a month 12 months back is before the first month of data.
with projection as (
    select * from {{ ref('int_forecast_projection') }}
    where is_backtest and horizon_months in (1, 3, 6)
        and measure in ('unemployed_end', 'long_term_unemployed_end', 'structural_unemployment_end')
),

flows as (
    unpivot (
        select month, municipality_code, unemployed_end, long_term_unemployed_end,
            structural_unemployment_end
        from {{ ref('monthly_flows') }}
    )
    on unemployed_end, long_term_unemployed_end, structural_unemployment_end
    into name measure value value
)

select
    p.origin,
    p.horizon_months,
    p.municipality_code,
    p.measure,
    p.month as target_month,
    p.forecast,
    p.forecast_low,
    p.forecast_high,
    a.value as actual,
    o.value as naive_last,
    t12.value + o.value - o12.value as naive_seasonal
from projection as p
inner join flows as a
    on a.month = p.month and a.municipality_code = p.municipality_code and a.measure = p.measure
inner join flows as o
    on o.month = date_trunc('month', p.origin) and o.municipality_code = p.municipality_code
    and o.measure = p.measure
left join flows as t12
    on t12.month = p.month - interval 12 month and t12.municipality_code = p.municipality_code
    and t12.measure = p.measure
left join flows as o12
    on o12.month = date_trunc('month', p.origin) - interval 12 month
    and o12.municipality_code = p.municipality_code and o12.measure = p.measure
order by p.origin, p.horizon_months, p.municipality_code, p.measure
