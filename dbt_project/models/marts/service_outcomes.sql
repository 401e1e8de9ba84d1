-- indicators.md §5: one row per te/palvelut or kunta/palvelut row (any code) whose end date is
-- set and on or before as_of, with the situation 3 and 6 months after the end (NULL while that
-- day is after as_of).
select
    s3.service_row_id,
    s3.source,
    s3.organisation,
    s3.person_id,
    s3.service_code,
    s3.start_date,
    s3.end_date,
    year(s3.end_date) as end_year,
    s3.situation_day as day_3m,
    s3.situation as situation_3m,
    s6.situation_day as day_6m,
    s6.situation as situation_6m
from {{ ref('int_situation_days') }} as s3
inner join {{ ref('int_situation_days') }} as s6
    on s6.service_row_id = s3.service_row_id and s6.horizon_months = 6
where s3.horizon_months = 3
