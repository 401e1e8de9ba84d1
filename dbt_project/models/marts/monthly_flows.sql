-- indicators.md §2: one row per month x municipality (+ 'ALL'), zeros included.
-- Unemployed counts use the spell's municipality; in-services counts the person's municipality
-- on E (int_in_services_on_reference_days). 'ALL' counts every person once, including those
-- whose spell or person municipality is empty.
with areas as (
    select municipality_code from {{ ref('int_municipalities') }}
    union all
    select 'ALL'
),

grid as (
    select m.month, m.reference_day, a.municipality_code
    from {{ ref('int_months') }} as m
    cross join areas as a
),

inflows as (
    select
        date_trunc('month', s.spell_start) as month,
        s.municipality_code,
        1 as inflow
    from {{ ref('int_unemployment_spells') }} as s
),

outflows as (
    select
        date_trunc('month', s.exit_date) as month,
        s.municipality_code,
        s.destination
    from {{ ref('int_unemployment_spells') }} as s
    where s.exit_date is not null
),

facts as (
    select
        cast(month as date) as month,
        municipality_code,
        1 as inflow,
        0 as outflow,
        cast(null as varchar) as destination,
        0 as unemployed,
        0 as long_term,
        0 as repeatedly,
        0 as returned,
        0 as in_services,
        0 as structural_in_services
    from inflows
    union all
    select cast(month as date), municipality_code, 0, 1, destination, 0, 0, 0, 0, 0, 0
    from outflows
    union all
    select
        month,
        municipality_code,
        0,
        0,
        null,
        1,
        case when is_long_term then 1 else 0 end,
        case when is_repeatedly then 1 else 0 end,
        case when is_returned_from_services then 1 else 0 end,
        0,
        0
    from {{ ref('int_unemployed_on_reference_days') }}
    union all
    select
        month, municipality_code, 0, 0, null, 0, 0, 0, 0, 1, case when was_structural then 1 else 0 end
    from {{ ref('int_in_services_on_reference_days') }}
),

facts_by_area as (
    select * from facts where municipality_code is not null
    union all
    select * replace ('ALL' as municipality_code) from facts
),

counts as (
    select
        month,
        municipality_code,
        sum(unemployed) as unemployed_end,
        sum(inflow) as inflow,
        sum(outflow) as outflow,
        sum(case when destination = 'employment' then 1 else 0 end) as outflow_employment,
        sum(case when destination = 'services' then 1 else 0 end) as outflow_services,
        sum(case when destination = 'education' then 1 else 0 end) as outflow_education,
        sum(case when destination = 'outside_labour_force' then 1 else 0 end)
            as outflow_outside_labour_force,
        sum(case when destination = 'other' then 1 else 0 end) as outflow_other,
        sum(long_term) as long_term_unemployed_end,
        sum(repeatedly) as repeatedly_unemployed_end,
        sum(returned) as returned_from_services_end,
        sum(in_services) as in_services_end,
        sum(long_term + repeatedly + returned + structural_in_services) as structural_unemployment_end
    from facts_by_area
    group by month, municipality_code
),

filled as (
    select
        g.month,
        g.reference_day,
        g.municipality_code,
        cast(coalesce(c.unemployed_end, 0) as bigint) as unemployed_end,
        cast(coalesce(c.inflow, 0) as bigint) as inflow,
        cast(coalesce(c.outflow, 0) as bigint) as outflow,
        cast(coalesce(c.outflow_employment, 0) as bigint) as outflow_employment,
        cast(coalesce(c.outflow_services, 0) as bigint) as outflow_services,
        cast(coalesce(c.outflow_education, 0) as bigint) as outflow_education,
        cast(coalesce(c.outflow_outside_labour_force, 0) as bigint) as outflow_outside_labour_force,
        cast(coalesce(c.outflow_other, 0) as bigint) as outflow_other,
        cast(coalesce(c.long_term_unemployed_end, 0) as bigint) as long_term_unemployed_end,
        cast(coalesce(c.repeatedly_unemployed_end, 0) as bigint) as repeatedly_unemployed_end,
        cast(coalesce(c.returned_from_services_end, 0) as bigint) as returned_from_services_end,
        cast(coalesce(c.in_services_end, 0) as bigint) as in_services_end,
        cast(coalesce(c.structural_unemployment_end, 0) as bigint) as structural_unemployment_end
    from grid as g
    left join counts as c
        on c.month = g.month and c.municipality_code = g.municipality_code
)

select
    *,
    -- in_services / (unemployed + in_services) * 100, half up to one decimal, in integers
    case
        when unemployed_end + in_services_end > 0
            then cast(
                ((in_services_end * 2000 + (unemployed_end + in_services_end))
                    // (2 * (unemployed_end + in_services_end))) / 10
                as decimal(5, 1)
            )
    end as activation_rate
from filled
order by month, municipality_code
