-- Runs of consecutive days in services: a person's in-services intervals sorted by start,
-- merged while the next start <= (latest end so far) + 1 (touching, overlapping, nested).
with intervals as (
    -- row_id completes the sort order (numbered_runs)
    select k.person_key, i.start_date, i.end_date, i.source || ':' || i.row_id as tie_id
    from {{ ref('int_in_services_intervals') }} as i
    inner join {{ ref('int_persons') }} as k
        on k.person_id = i.person_id
),

numbered as (
    {{ numbered_runs('intervals', 'run_seq') }}
),

runs as (
    select person_key, min(start_date) as run_start, max(end_date) as run_end, count(*) as intervals
    from numbered
    group by person_key, run_seq
)

select
    k.person_id || '-' || strftime(r.run_start, '%Y%m%d') as run_id,
    k.person_id,
    r.person_key,
    r.run_start,
    r.run_end,
    r.intervals
from runs as r
inner join {{ ref('int_persons') }} as k
    on k.person_key = r.person_key
