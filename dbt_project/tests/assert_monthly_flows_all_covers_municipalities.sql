-- The ALL row counts every person once, so it is never below the sum over municipalities for
-- the counts of unemployed (spell municipality) and equals it when every spell has one; for
-- every column ALL >= any single municipality.
with all_rows as (
    select * from {{ ref('monthly_flows') }} where municipality_code = 'ALL'
),

area_sums as (
    select
        month,
        sum(unemployed_end) as unemployed_end,
        sum(inflow) as inflow,
        sum(outflow) as outflow,
        sum(in_services_end) as in_services_end
    from {{ ref('monthly_flows') }}
    where municipality_code <> 'ALL'
    group by month
)

select a.month
from all_rows as a
inner join area_sums as s on s.month = a.month
where a.unemployed_end < s.unemployed_end
    or a.inflow < s.inflow
    or a.outflow < s.outflow
    or a.in_services_end < s.in_services_end
