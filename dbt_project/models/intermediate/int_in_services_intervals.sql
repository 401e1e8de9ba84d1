-- The intervals that make a person "in services" (indicators.md §1): active-measure rows
-- (LMP 1-7) of both service sources and jobseeker periods with status 07, cut at as_of,
-- not merged (int_services_runs merges them).
select
    person_id,
    source,
    service_code,
    start_date,
    period_end as end_date,
    service_row_id as row_id
from {{ ref('int_service_rows') }}
where is_active_measure
union all
select
    person_id,
    'status_07' as source,
    '07' as service_code,
    start_date,
    period_end as end_date,
    period_row_id as row_id
from {{ ref('stg_te__jobseeker_periods') }}
where status_code = '07'
