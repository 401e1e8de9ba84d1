-- indicators.md §5 summary: per source, service code, year of ending and horizon (3 or 6
-- months), for each of the five situations (zeros included): episodes (ended rows), evaluated
-- (situation day on or before as_of), count, share = count / evaluated, and the 95 % Wilson
-- score interval with z = 1.959964:
--   (p + z^2/2n -/+ z * sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), n = evaluated.
-- share and interval are NULL when nothing was evaluated; the bounds are clamped to [0, 1]
-- against floating-point error at p = 0 or 1.
with groups as (
    select
        source,
        service_code,
        year(end_date) as end_year,
        horizon_months,
        count(*) as episodes,
        count(*) filter (where is_evaluated) as evaluated
    from {{ ref('int_situation_days') }}
    group by source, service_code, year(end_date), horizon_months
),

grid as (
    select g.*, s.situation, s.situation_order
    from groups as g
    cross join (
        values
            ('employment', 1),
            ('unemployed', 2),
            ('services', 3),
            ('education', 4),
            ('outside_or_unknown', 5)
    ) as s(situation, situation_order)
),

counted as (
    select
        source,
        service_code,
        year(end_date) as end_year,
        horizon_months,
        situation,
        count(*) as situation_count
    from {{ ref('int_situation_days') }}
    where is_evaluated
    group by source, service_code, year(end_date), horizon_months, situation
),

shares as (
    select
        g.source,
        g.service_code,
        g.end_year,
        g.horizon_months,
        g.situation,
        g.situation_order,
        g.episodes,
        g.evaluated,
        coalesce(c.situation_count, 0) as count,
        case when g.evaluated > 0 then coalesce(c.situation_count, 0) / g.evaluated end as share,
        cast(1.959964 as double) as z
    from grid as g
    left join counted as c
        on c.source = g.source
        and c.service_code = g.service_code
        and c.end_year = g.end_year
        and c.horizon_months = g.horizon_months
        and c.situation = g.situation
)

select
    source,
    service_code,
    end_year,
    horizon_months,
    situation,
    episodes,
    evaluated,
    count,
    share,
    -- the bounds are exactly 0 (no count) and 1 (every episode) there; floating point would
    -- otherwise leave them a hair inside, with the share outside its own interval
    case
        when evaluated = 0 then null
        when count = 0 then 0.0
        else greatest(0.0,
        (share + z * z / (2 * evaluated)
         - z * sqrt(share * (1 - share) / evaluated + z * z / (4 * evaluated * evaluated)))
        / (1 + z * z / evaluated))
    end as wilson_low,
    case
        when evaluated = 0 then null
        when count = evaluated then 1.0
        else least(1.0,
        (share + z * z / (2 * evaluated)
         + z * sqrt(share * (1 - share) / evaluated + z * z / (4 * evaluated * evaluated)))
        / (1 + z * z / evaluated))
    end as wilson_high
from shares
order by source, service_code, end_year, horizon_months, situation_order
