-- indicators.md §2, a blocking data check: for every municipality and ALL,
-- unemployed_end(m) = unemployed_end(m-1) + inflow(m) - outflow(m) (0 before the first month).
{{ config(severity='error') }}
with ordered as (
    select
        month,
        municipality_code,
        unemployed_end,
        inflow,
        outflow,
        coalesce(
            lag(unemployed_end) over (partition by municipality_code order by month), 0
        ) as unemployed_previous
    from {{ ref('monthly_flows') }}
)
select *
from ordered
where unemployed_end <> unemployed_previous + inflow - outflow
