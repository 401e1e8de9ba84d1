-- Runs of consecutive days in services: the person's in-services intervals sorted by start,
-- merged while the next start <= (latest end so far) + 1 (touching, overlapping, nested).
with ordered as (
    select
        person_id,
        start_date,
        end_date,
        max(end_date) over (
            partition by person_id order by start_date, end_date
            rows between unbounded preceding and 1 preceding
        ) as latest_end_before
    from {{ ref('int_in_services_intervals') }}
),

numbered as (
    select
        *,
        sum(case when latest_end_before is null or start_date > latest_end_before + 1 then 1 else 0 end)
            over (partition by person_id order by start_date, end_date rows unbounded preceding)
            as run_seq
    from ordered
)

select
    person_id || '-' || strftime(min(start_date), '%Y%m%d') as run_id,
    person_id,
    min(start_date) as run_start,
    max(end_date) as run_end,
    count(*) as intervals
from numbered
group by person_id, run_seq
