-- tulorekisteri/palvelussuhteet (optional source) of the selected snapshot, cut at as_of: rows
-- beginning after as_of are left out; `period_end` reads an empty end, or one after as_of, as
-- as_of. Without the source the view is empty and the jobseeker register alone decides.
select
    load_id || ':' || cast(row_number as varchar) as employment_row_id,
    person_id,
    ytunnus as business_id,
    alkupvm as start_date,
    loppupvm as end_date,
    {{ cut_end('loppupvm') }} as period_end,
    case palkkatuettu when 'K' then true when 'E' then false end as is_pay_subsidised,
    load_id,
    file_name,
    row_number
from {{ source('raw', 'tulorekisteri_palvelussuhteet') }}
where {{ selected_load('tulorekisteri/palvelussuhteet') }}
    and alkupvm <= {{ as_of() }}
