-- indicators.md §10: the forecast from as_of for ALL and each municipality (the areas of
-- monthly_flows), the 6 months after the month of as_of, each measure's expected value with its
-- 80 % prediction interval (int_forecast_projection has the method).
with projection as (
    select * from {{ ref('int_forecast_projection') }}
    where not is_backtest
)

select
    origin,
    month,
    cast(last_day(month) as date) as reference_day,
    municipality_code,
    horizon_months,
    {%- for measure in ['unemployed_end', 'long_term_unemployed_end', 'new_long_term_unemployed',
                        'structural_unemployment_end'] %}
    max(forecast) filter (where measure = '{{ measure }}') as {{ measure }},
    max(forecast_low) filter (where measure = '{{ measure }}') as {{ measure }}_low,
    max(forecast_high) filter (where measure = '{{ measure }}') as {{ measure }}_high
    {%- if not loop.last %},{% endif %}
    {%- endfor %}
from projection
group by origin, month, municipality_code, horizon_months
order by month, municipality_code
