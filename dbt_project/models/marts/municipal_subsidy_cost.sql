-- indicators.md §7: per billing month (up to the month of as_of) and municipality billed:
-- euros billed, persons billed at 50 % and at 70 %, and persons who will cross the 300- and
-- 1,000-day thresholds within the next 3 months at their current pace (int_subsidy_person_months).
-- Every billing month present in the data x every municipality billed in any month or
-- configured, zeros included. Empty when kela/ was never delivered.
with months as (
    select distinct billing_month from {{ ref('int_subsidy_person_months') }}
),

municipalities as (
    select municipality_code from {{ ref('int_subsidy_person_months') }}
    where municipality_code is not null
    union
    select municipality_code from {{ ref('stg_config__municipalities') }}
),

counted as (
    select
        billing_month,
        municipality_code,
        sum(euros_billed) as euros_billed,
        count(distinct person_id) as persons_billed,
        count(distinct person_id) filter (where billed_at_50) as persons_50,
        count(distinct person_id) filter (where billed_at_70) as persons_70,
        count(distinct person_id) filter (where will_cross_300) as persons_crossing_300,
        count(distinct person_id) filter (where will_cross_1000) as persons_crossing_1000
    from {{ ref('int_subsidy_person_months') }}
    group by billing_month, municipality_code
)

select
    m.billing_month as month,
    u.municipality_code,
    cast(coalesce(c.euros_billed, 0) as decimal(14, 2)) as euros_billed,
    coalesce(c.persons_billed, 0) as persons_billed,
    coalesce(c.persons_50, 0) as persons_50,
    coalesce(c.persons_70, 0) as persons_70,
    coalesce(c.persons_crossing_300, 0) as persons_crossing_300,
    coalesce(c.persons_crossing_1000, 0) as persons_crossing_1000
from months as m
cross join municipalities as u
left join counted as c
    on c.billing_month = m.billing_month and c.municipality_code = u.municipality_code
order by month, municipality_code
