-- Persons in services on a month's reference day E and not unemployed on E (indicators.md §2
-- in_services_end), with their municipality on E and whether they count as structurally
-- unemployed (long-term or repeatedly unemployed the day before their current run began).
-- Municipality on E: the kotikunta of the jobseeker period covering E (several: the one that
-- started last; tie: lowest code), else of the latest period that began before E (tie: lowest
-- code), else the kunta of the latest municipal service row (any code) that began on or before E
-- (tie: lowest code); periods and rows with an empty municipality are passed over; none -> NULL
-- (the person counts in ALL only).
with in_services as (
    select m.month, m.reference_day, r.person_id, r.run_id
    from {{ ref('int_months') }} as m
    inner join {{ ref('int_services_runs') }} as r
        on r.run_start <= m.reference_day and r.run_end >= m.reference_day
),

not_unemployed as (
    select i.*
    from in_services as i
    anti join {{ ref('int_unemployed_on_reference_days') }} as u
        on u.person_id = i.person_id and u.reference_day = i.reference_day
),

by_jobseeker_period as (
    select
        n.person_id,
        n.reference_day,
        p.municipality_code,
        row_number() over (
            partition by n.person_id, n.reference_day
            order by
                case when p.period_end >= n.reference_day then 0 else 1 end,
                p.start_date desc,
                p.municipality_code
        ) as preference
    from not_unemployed as n
    inner join {{ ref('stg_te__jobseeker_periods') }} as p
        on p.person_id = n.person_id
        and p.start_date <= n.reference_day
        and p.municipality_code is not null
    qualify preference = 1
),

by_municipal_service as (
    select
        n.person_id,
        n.reference_day,
        k.municipality_code,
        row_number() over (
            partition by n.person_id, n.reference_day
            order by k.start_date desc, k.municipality_code
        ) as preference
    from not_unemployed as n
    inner join {{ ref('stg_kunta__services') }} as k
        on k.person_id = n.person_id
        and k.start_date <= n.reference_day
        and k.municipality_code is not null
    qualify preference = 1
)

select
    n.month,
    n.reference_day,
    n.person_id,
    n.run_id,
    coalesce(j.municipality_code, k.municipality_code) as municipality_code,
    case
        when j.municipality_code is not null then 'jobseeker_period'
        when k.municipality_code is not null then 'municipal_service'
    end as municipality_from,
    b.was_structural
from not_unemployed as n
left join by_jobseeker_period as j
    on j.person_id = n.person_id and j.reference_day = n.reference_day
left join by_municipal_service as k
    on k.person_id = n.person_id and k.reference_day = n.reference_day
inner join {{ ref('int_structural_before_run') }} as b
    on b.run_id = n.run_id
