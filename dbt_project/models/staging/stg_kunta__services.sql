-- kunta/palvelut of the selected snapshot, cut at as_of, with the service's LMP attributes.
select
    src.load_id || ':' || cast(src.row_number as varchar) as service_row_id,
    src.person_id,
    src.birth_date,
    src.sex,
    src.asiakasnro as client_number,
    src.kunta as municipality_code,
    src.palvelu as service_code,
    src.alkupvm as start_date,
    src.loppupvm as end_date,
    {{ cut_end('src.loppupvm') }} as period_end,
    src.lasnapaivat as attended_days,
    src.hanke as project_tag,
    services.lmp_category,
    coalesce(services.is_active_measure, false) as is_active_measure,
    src.load_id,
    src.file_name,
    src.row_number
from {{ source('raw', 'kunta_palvelut') }} as src
left join {{ ref('services') }} as services
    on services.source = 'kunta' and services.code = src.palvelu
where src.{{ selected_load('kunta/palvelut') }}
    and src.alkupvm <= {{ as_of() }}
