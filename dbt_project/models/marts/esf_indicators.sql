-- The ESF common indicators (indicators.md §6) in exactly the layout of
-- export/esf_indicators.csv (interface.md): every configured project x every indicator code of
-- the seed x every period (each calendar year from the project's start year to the year of
-- as_of, and 'cumulative'), zeros included, sorted by project_code, indicator_code, period as
-- plain text. `note` is '' (empty text) unless status is not_available.
with periods as (
    select
        p.project_code,
        cast(y.period_year as varchar) as period,
        y.period_year
    from {{ ref('stg_config__projects') }} as p,
        lateral (
            select unnest(range(year(p.start_date), year({{ as_of() }}) + 1)) as period_year
        ) as y
    union all
    select project_code, 'cumulative' as period, null as period_year
    from {{ ref('stg_config__projects') }}
),

grid as (
    select
        periods.project_code,
        i.indicator_code,
        i.indicator_name,
        periods.period,
        periods.period_year
    from periods
    cross join {{ ref('esf_indicator_codes') }} as i
),

counted as (
    select
        g.project_code,
        g.indicator_code,
        g.period,
        count(distinct c.person_id) filter (where c.sex = 'male') as men,
        count(distinct c.person_id) filter (where c.sex = 'female') as women
    from grid as g
    inner join {{ ref('int_esf_indicator_counts') }} as c
        on c.project_code = g.project_code
        and c.indicator_code = g.indicator_code
        and (g.period = 'cumulative' or c.period_year = g.period_year)
    group by g.project_code, g.indicator_code, g.period
)

select
    g.project_code,
    g.indicator_code,
    g.indicator_name,
    g.period,
    case when g.indicator_code = 'CR07' then null else cast(coalesce(c.men, 0) as bigint) end as men,
    case when g.indicator_code = 'CR07' then null else cast(coalesce(c.women, 0) as bigint) end as women,
    case
        when g.indicator_code = 'CR07' then null
        else cast(coalesce(c.men, 0) + coalesce(c.women, 0) as bigint)
    end as total,
    case when g.indicator_code = 'CR07' then 'not_available' else 'ok' end as status,
    case
        when g.indicator_code = 'CR07'
            then 'The sources hold no job-quality data, so an improved labour market situation cannot be measured.'
        else ''
    end as note
from grid as g
left join counted as c
    on c.project_code = g.project_code
    and c.indicator_code = g.indicator_code
    and c.period = g.period
order by g.project_code, g.indicator_code, g.period
