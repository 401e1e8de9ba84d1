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

-- each source is first counted per month and municipality (NULL = no municipality: ALL only)
inflow_counts as (
    select
        cast(date_trunc('month', spell_start) as date) as month,
        municipality_code,
        count(*) as inflow,
        0 as outflow,
        0 as outflow_employment,
        0 as outflow_services,
        0 as outflow_education,
        0 as outflow_outside_labour_force,
        0 as outflow_other,
        0 as unemployed_end,
        0 as long_term_unemployed_end,
        0 as repeatedly_unemployed_end,
        0 as returned_from_services_end,
        0 as in_services_end,
        0 as structural_in_services
    from {{ ref('int_unemployment_spells') }}
    group by 1, 2
),

outflow_counts as (
    select
        cast(date_trunc('month', exit_date) as date) as month,
        municipality_code,
        0,
        count(*),
        count(*) filter (where destination = 'employment'),
        count(*) filter (where destination = 'services'),
        count(*) filter (where destination = 'education'),
        count(*) filter (where destination = 'outside_labour_force'),
        count(*) filter (where destination = 'other'),
        0, 0, 0, 0, 0, 0
    from {{ ref('int_unemployment_spells') }}
    where exit_date is not null
    group by 1, 2
),

stock_counts as (
    select
        month,
        municipality_code,
        0, 0, 0, 0, 0, 0, 0,
        count(*),
        count(*) filter (where is_long_term),
        count(*) filter (where is_repeatedly),
        count(*) filter (where is_returned_from_services),
        0,
        0
    from {{ ref('int_unemployed_on_reference_days') }}
    group by 1, 2
),

in_services_counts as (
    select
        month,
        municipality_code,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        count(*),
        count(*) filter (where was_structural)
    from {{ ref('int_in_services_on_reference_days') }}
    group by 1, 2
),

by_code as (
    select
        month,
        municipality_code,
        sum(inflow) as inflow,
        sum(outflow) as outflow,
        sum(outflow_employment) as outflow_employment,
        sum(outflow_services) as outflow_services,
        sum(outflow_education) as outflow_education,
        sum(outflow_outside_labour_force) as outflow_outside_labour_force,
        sum(outflow_other) as outflow_other,
        sum(unemployed_end) as unemployed_end,
        sum(long_term_unemployed_end) as long_term_unemployed_end,
        sum(repeatedly_unemployed_end) as repeatedly_unemployed_end,
        sum(returned_from_services_end) as returned_from_services_end,
        sum(in_services_end) as in_services_end,
        sum(long_term_unemployed_end + repeatedly_unemployed_end + returned_from_services_end
            + structural_in_services) as structural_unemployment_end
    from (
        select * from inflow_counts
        union all
        select * from outflow_counts
        union all
        select * from stock_counts
        union all
        select * from in_services_counts
    )
    group by month, municipality_code
),

-- ALL = every person once = the sum over all codes including the empty one
counts as (
    select * from by_code where municipality_code is not null
    union all
    select * replace ('ALL' as municipality_code)
    from (
        select
            month,
            null as municipality_code,
            sum(inflow) as inflow,
            sum(outflow) as outflow,
            sum(outflow_employment) as outflow_employment,
            sum(outflow_services) as outflow_services,
            sum(outflow_education) as outflow_education,
            sum(outflow_outside_labour_force) as outflow_outside_labour_force,
            sum(outflow_other) as outflow_other,
            sum(unemployed_end) as unemployed_end,
            sum(long_term_unemployed_end) as long_term_unemployed_end,
            sum(repeatedly_unemployed_end) as repeatedly_unemployed_end,
            sum(returned_from_services_end) as returned_from_services_end,
            sum(in_services_end) as in_services_end,
            sum(structural_unemployment_end) as structural_unemployment_end
        from by_code
        group by month
    )
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
