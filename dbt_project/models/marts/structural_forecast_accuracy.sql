-- indicators.md §10: "the backtest's mean absolute error for each method", per area, measure and
-- horizon, over the backtest cases where all three forecasts exist (so the methods are compared
-- on the same cases), with the share of cases whose actual value fell inside the method's 80 %
-- prediction interval. One home for these figures: the report and the warning check read them.
select
    municipality_code,
    measure,
    horizon_months,
    count(*) as cases,
    avg(abs(forecast - actual)) as mae_forecast,
    avg(abs(naive_last - actual)) as mae_naive_last,
    avg(abs(naive_seasonal - actual)) as mae_naive_seasonal,
    avg(case when actual between forecast_low and forecast_high then 1.0 else 0.0 end)
        as interval_coverage,
    -- the persons the errors are about: a report shows the errors of fewer than 5 as <5 (§8)
    avg(actual) as mean_actual
from {{ ref('structural_forecast_backtest') }}
where naive_seasonal is not null
group by municipality_code, measure, horizon_months
order by municipality_code, measure, horizon_months
