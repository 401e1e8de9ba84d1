-- indicators.md §7 early-warning list: per billing month, the persons (pseudonyms only) who
-- will cross the 300- or 1,000-day threshold within the next 3 months at their current pace.
-- Internal to the warehouse: never exported or reported person by person.
select
    person_id,
    billing_month as month,
    municipality_code,
    cumulative_days,
    paid_days,
    pace_days_per_month,
    projected_days_in_3_months,
    share_pct,
    will_cross_300,
    will_cross_1000,
    case when will_cross_1000 then 1000 else 300 end as next_threshold
from {{ ref('int_subsidy_person_months') }}
where will_cross_300 or will_cross_1000
order by month, municipality_code, person_id
