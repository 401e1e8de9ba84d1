-- Persons unemployed on each month's reference day E (one spell covers E per person), with the
-- classification of indicators.md §2, each by the covering spell's municipality:
-- long-term (spell began on or before add_months(E, -12)); repeatedly (not long-term, at least
-- 365 unemployed days D with add_months(E, -16) < D <= E, summed as overlaps of the person's
-- spells with the window); returned from services (neither, latest day in services before E on
-- or after add_months(E, -3), i.e. an in-services interval starting before E and ending on or
-- after add_months(E, -3)).
with covering as (
    select
        m.month,
        m.reference_day,
        s.person_id,
        s.spell_id,
        s.spell_start,
        s.municipality_code,
        s.spell_start <= {{ add_months('m.reference_day', -12) }} as is_long_term
    from {{ ref('int_months') }} as m
    inner join {{ ref('int_unemployment_spells') }} as s
        on s.spell_start <= m.reference_day and s.spell_last_day >= m.reference_day
),

window_days as (
    select
        c.person_id,
        c.reference_day,
        sum(
            date_diff(
                'day',
                greatest(o.spell_start, {{ add_months('c.reference_day', -16) }} + 1),
                least(o.spell_last_day, c.reference_day)
            ) + 1
        ) as unemployed_days_16m
    from covering as c
    inner join {{ ref('int_unemployment_spells') }} as o
        on o.person_id = c.person_id
        and o.spell_start <= c.reference_day
        and o.spell_last_day > {{ add_months('c.reference_day', -16) }}
    where not c.is_long_term
    group by c.person_id, c.reference_day
),

classified as (
    select
        c.*,
        w.unemployed_days_16m,
        not c.is_long_term and coalesce(w.unemployed_days_16m, 0) >= 365 as is_repeatedly
    from covering as c
    left join window_days as w
        on w.person_id = c.person_id and w.reference_day = c.reference_day
),

recent_services as (
    select distinct c.person_id, c.reference_day
    from classified as c
    inner join {{ ref('int_in_services_intervals') }} as i
        on i.person_id = c.person_id
        and i.start_date < c.reference_day
        and i.end_date >= {{ add_months('c.reference_day', -3) }}
    where not c.is_long_term and not c.is_repeatedly
)

select
    c.month,
    c.reference_day,
    c.person_id,
    c.spell_id,
    c.spell_start,
    c.municipality_code,
    c.unemployed_days_16m,
    c.is_long_term,
    c.is_repeatedly,
    r.person_id is not null as is_returned_from_services
from classified as c
left join recent_services as r
    on r.person_id = c.person_id and r.reference_day = c.reference_day
