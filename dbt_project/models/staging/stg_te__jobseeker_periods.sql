-- te/tyonhakijajaksot of the selected snapshot, cut at as_of (indicators.md "time is cut").
select
    load_id || ':' || cast(row_number as varchar) as period_row_id,
    person_id,
    birth_date,
    sex,
    kotikunta as municipality_code,
    tyollkoodi as status_code,
    alkupvm as start_date,
    loppupvm as end_date,
    paattymissyy as end_reason,
    {{ cut_end('loppupvm') }} as period_end,
    load_id,
    file_name,
    row_number
from {{ source('raw', 'te_tyonhakijajaksot') }}
where {{ selected_load('te/tyonhakijajaksot') }}
    and alkupvm <= {{ as_of() }}
