-- Every te/palvelut and kunta/palvelut row of the selected snapshots (any code), cut at as_of,
-- with the organisation that delivered it (indicators.md §4: te rows = the employment
-- administration, kunta rows = the municipality).
select
    service_row_id,
    'te' as source,
    'te' as organisation,
    person_id,
    service_code,
    start_date,
    end_date,
    period_end,
    lmp_category,
    is_active_measure,
    interrupted,
    cast(null as varchar) as municipality_code,
    cast(null as varchar) as project_tag,
    file_name,
    row_number
from {{ ref('stg_te__services') }}
union all
select
    service_row_id,
    'kunta' as source,
    'municipality:' || coalesce(municipality_code, 'unknown') as organisation,
    person_id,
    service_code,
    start_date,
    end_date,
    period_end,
    lmp_category,
    is_active_measure,
    cast(null as boolean) as interrupted,
    municipality_code,
    project_tag,
    file_name,
    row_number
from {{ ref('stg_kunta__services') }}
