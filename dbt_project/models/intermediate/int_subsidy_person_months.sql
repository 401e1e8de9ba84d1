-- kela/tmt_kuntaosuus per person, billing month and municipality billed, with the person's
-- current pace: the mean of maksetut_paivat over their last 3 billing months up to and
-- including this one (the months in which the person was billed at all, in any
-- municipality; fewer when the person has fewer), and whether the person will cross the
-- 300- and 1,000-day thresholds within the next 3 months at that pace:
-- kertyneet_paivat < threshold and kertyneet_paivat + 3 * pace >= threshold.
with person_months as (
    select
        person_id,
        billing_month,
        sum(paid_days) as paid_days,
        max(cumulative_days) as cumulative_days
    from {{ ref('stg_kela__municipal_share') }}
    group by person_id, billing_month
),

paced as (
    select
        *,
        avg(paid_days) over (
            partition by person_id order by billing_month
            rows between 2 preceding and current row
        ) as pace_days_per_month
    from person_months
),

by_municipality as (
    select
        person_id,
        billing_month,
        municipality_code,
        sum(euros_billed) as euros_billed,
        max(share_pct) as share_pct,
        bool_or(share_pct = 50) as billed_at_50,
        bool_or(share_pct = 70) as billed_at_70
    from {{ ref('stg_kela__municipal_share') }}
    group by person_id, billing_month, municipality_code
)

select
    m.person_id,
    m.billing_month,
    m.municipality_code,
    m.euros_billed,
    m.share_pct,
    m.billed_at_50,
    m.billed_at_70,
    p.paid_days,
    p.cumulative_days,
    p.pace_days_per_month,
    p.cumulative_days + 3 * p.pace_days_per_month as projected_days_in_3_months,
    p.cumulative_days < 300 and p.cumulative_days + 3 * p.pace_days_per_month >= 300
        as will_cross_300,
    p.cumulative_days < 1000 and p.cumulative_days + 3 * p.pace_days_per_month >= 1000
        as will_cross_1000
from by_municipality as m
inner join paced as p
    on p.person_id = m.person_id and p.billing_month = m.billing_month
