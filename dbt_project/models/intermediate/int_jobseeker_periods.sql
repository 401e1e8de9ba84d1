-- The selected jobseeker periods (cut at as_of) keyed by the integer person key, with only the
-- columns the timelines need.
select
    k.person_key,
    p.status_code,
    p.municipality_code,
    p.start_date,
    p.end_date,
    p.period_end,
    p.end_reason
from {{ ref('stg_te__jobseeker_periods') }} as p
inner join {{ ref('int_persons') }} as k
    on k.person_id = p.person_id
