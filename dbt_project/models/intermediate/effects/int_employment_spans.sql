-- The days a person is employed (int_employment_intervals: Incomes Register, jobseeker status,
-- after an AT/YR registration end) merged into disjoint spans per person, so that "employed on
-- day D" is one as-of lookup (the span starting last on or before D covers D) instead of a
-- range join over overlapping intervals. (The merge is numbered_runs: equal intervals from two
-- sources must be ordered alike by both of its windows; on a generated area they once were not.)
with intervals as (
    select p.person_key, i.start_date, i.end_date, i.origin || ':' || i.row_id as tie_id
    from {{ ref('int_employment_intervals') }} as i
    inner join {{ ref('int_persons') }} as p
        on p.person_id = i.person_id
),

numbered as (
    {{ numbered_runs('intervals', 'span_seq') }}
)

select person_key, min(start_date) as start_date, max(end_date) as end_date
from numbered
group by person_key, span_seq
