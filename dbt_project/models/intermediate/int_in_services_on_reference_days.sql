-- Persons in services on a month's reference day E and not unemployed on E (indicators.md §2
-- in_services_end), with their municipality on E and whether they count as structurally
-- unemployed (long-term or repeatedly unemployed the day before their current run began).
-- Municipality on E: the kotikunta of the jobseeker period covering E (several: the one that
-- started last; tie: lowest code), else of the latest period that began before E (tie: lowest
-- code), else the kunta of the latest municipal service row (any code) that began on or before E
-- (tie: lowest code); periods and rows with an empty municipality are passed over; none -> NULL
-- (the person counts in ALL only). A person whose periods (or rows) all carry one code gets it
-- without ranking; only persons with several codes go through the full rule.
-- A view: monthly_flows aggregates it once.
{{ config(materialized='view') }}
with spell_days as (
    select person_key, spell_start, spell_last_day
    from {{ ref('int_unemployment_spells') }}
),

in_services as (
    select m.month, m.reference_day, r.person_key, r.person_id, r.run_id, r.run_start
    from {{ ref('int_months') }} as m
    inner join {{ ref('int_services_runs') }} as r
        on r.run_start <= m.reference_day and r.run_end >= m.reference_day
),

not_unemployed as (
    select i.*
    from in_services as i
    asof left join spell_days as s
        on s.person_key = i.person_key and i.reference_day >= s.spell_start
    where s.spell_last_day is null or s.spell_last_day < i.reference_day
),

period_codes as (
    select
        person_key,
        min(start_date) as first_start,
        min(municipality_code) as lowest_code,
        max(municipality_code) as highest_code
    from {{ ref('int_jobseeker_periods') }}
    where municipality_code is not null
    group by person_key
),

service_codes as (
    select
        person_id,
        min(start_date) as first_start,
        min(municipality_code) as lowest_code,
        max(municipality_code) as highest_code
    from {{ ref('stg_kunta__services') }}
    where municipality_code is not null
    group by person_id
),

classified as (
    select
        n.*,
        case
            when p.first_start <= n.reference_day then 'jobseeker_period'
            when k.first_start <= n.reference_day then 'municipal_service'
        end as municipality_from,
        case
            when p.first_start <= n.reference_day
                then case when p.lowest_code = p.highest_code then p.lowest_code end
            when k.first_start <= n.reference_day
                then case when k.lowest_code = k.highest_code then k.lowest_code end
        end as single_code
    from not_unemployed as n
    left join period_codes as p on p.person_key = n.person_key
    left join service_codes as k on k.person_id = n.person_id
),

by_jobseeker_period as (
    select
        c.person_key,
        c.reference_day,
        p.municipality_code,
        row_number() over (
            partition by c.person_key, c.reference_day
            order by
                case when p.period_end >= c.reference_day then 0 else 1 end,
                p.start_date desc,
                p.municipality_code
        ) as preference
    from classified as c
    inner join {{ ref('int_jobseeker_periods') }} as p
        on p.person_key = c.person_key
        and p.start_date <= c.reference_day
        and p.municipality_code is not null
    where c.municipality_from = 'jobseeker_period' and c.single_code is null
    qualify preference = 1
),

by_municipal_service as (
    select
        c.person_key,
        c.reference_day,
        k.municipality_code,
        row_number() over (
            partition by c.person_key, c.reference_day
            order by k.start_date desc, k.municipality_code
        ) as preference
    from classified as c
    inner join {{ ref('stg_kunta__services') }} as k
        on k.person_id = c.person_id
        and k.start_date <= c.reference_day
        and k.municipality_code is not null
    where c.municipality_from = 'municipal_service' and c.single_code is null
    qualify preference = 1
)

select
    c.month,
    c.reference_day,
    c.person_id,
    c.person_key,
    c.run_id,
    coalesce(c.single_code, j.municipality_code, k.municipality_code) as municipality_code,
    c.municipality_from,
    b.was_structural
from classified as c
left join by_jobseeker_period as j
    on j.person_key = c.person_key and j.reference_day = c.reference_day
left join by_municipal_service as k
    on k.person_key = c.person_key and k.reference_day = c.reference_day
inner join {{ ref('int_structural_before_run') }} as b
    on b.person_key = c.person_key and b.run_start = c.run_start
