-- The days on which a person is employed (sources.md "employed on day D"), as intervals cut at
-- as_of, not merged (a person may be covered by several at once):
--   incomes_register     an Incomes Register employment relationship;
--   jobseeker_status     a jobseeker period with status 00, 01, 04 or 09;
--   registration_end     after the last day of a registration that ended with AT or YR (the
--                        period carrying that paattymissyy, with a recorded end date), up to the
--                        day before the person's next jobseeker period of any status (the first
--                        start after that end), or up to as_of when there is none.
-- Empty intervals (e.g. the next period starts the day after, or the end is on/after as_of)
-- are left out.
with registration_ends as (
    select
        p.person_id,
        p.period_row_id,
        p.end_date + 1 as start_date,
        (
            select min(n.start_date)
            from {{ ref('stg_te__jobseeker_periods') }} as n
            where n.person_id = p.person_id and n.start_date > p.end_date
        ) as next_start
    from {{ ref('stg_te__jobseeker_periods') }} as p
    where p.end_reason in ('AT', 'YR') and p.end_date is not null
),

intervals as (
    select
        person_id,
        start_date,
        period_end as end_date,
        'incomes_register' as origin,
        employment_row_id as row_id
    from {{ ref('stg_tulorekisteri__employments') }}
    union all
    select
        person_id,
        start_date,
        period_end as end_date,
        'jobseeker_status' as origin,
        period_row_id as row_id
    from {{ ref('stg_te__jobseeker_periods') }}
    where status_code in ('00', '01', '04', '09')
    union all
    select
        person_id,
        start_date,
        least(coalesce(next_start - 1, {{ as_of() }}), {{ as_of() }}) as end_date,
        'registration_end' as origin,
        period_row_id as row_id
    from registration_ends
)

select person_id, start_date, end_date, origin, row_id
from intervals
where start_date <= end_date
