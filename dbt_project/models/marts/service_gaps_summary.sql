-- indicators.md §4 "seamless" target: per year in which the gap ends (the year of the next
-- episode's start) and scope ('all' gaps, 'cross_organisation' gaps only): gaps, gaps of at
-- most 14 days, and their share (NULL when the scope has no gaps in that year). Every year
-- with any gap has both scopes.
with years as (
    select distinct gap_end_year from {{ ref('service_gaps') }}
),

scopes as (
    select y.gap_end_year, s.scope
    from years as y
    cross join (values ('all'), ('cross_organisation')) as s(scope)
),

counted as (
    select
        s.gap_end_year,
        s.scope,
        count(g.gap_id) as gaps,
        count(g.gap_id) filter (where g.is_within_14_days) as gaps_within_14_days
    from scopes as s
    left join {{ ref('service_gaps') }} as g
        on g.gap_end_year = s.gap_end_year
        and (s.scope = 'all' or g.crosses_organisations)
    group by s.gap_end_year, s.scope
)

select
    gap_end_year,
    scope,
    gaps,
    gaps_within_14_days,
    case when gaps > 0 then gaps_within_14_days / gaps end as share
from counted
order by gap_end_year, scope
