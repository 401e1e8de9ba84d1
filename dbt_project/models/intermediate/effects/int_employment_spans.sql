-- The days a person is employed (int_employment_intervals: Incomes Register, jobseeker status,
-- after an AT/YR registration end) merged into disjoint spans per person, so that "employed on
-- day D" is one as-of lookup (the span starting last on or before D covers D) instead of a
-- range join over overlapping intervals.
with intervals as (
    -- tie_id completes the sort order: both windows below must order equal intervals (the same
    -- days from two sources) alike, or one could start a span of its own (as in the spells)
    select p.person_key, i.start_date, i.end_date, row_number() over () as tie_id
    from {{ ref('int_employment_intervals') }} as i
    inner join {{ ref('int_persons') }} as p
        on p.person_id = i.person_id
),

ordered as (
    select
        *,
        max(end_date) over (
            partition by person_key order by start_date, end_date, tie_id
            rows between unbounded preceding and 1 preceding
        ) as latest_end_before
    from intervals
),

numbered as (
    select
        *,
        sum(case when latest_end_before is null or start_date > latest_end_before + 1 then 1 else 0 end)
            over (
                partition by person_key order by start_date, end_date, tie_id
                rows unbounded preceding
            )
            as span_seq
    from ordered
)

select person_key, min(start_date) as start_date, max(end_date) as end_date
from numbered
group by person_key, span_seq
