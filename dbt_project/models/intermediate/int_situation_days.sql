-- The two days on which the situation after each ended service row is read (indicators.md §5):
-- add_months(end, 3) and add_months(end, 6), for every te/palvelut or kunta/palvelut row (any
-- code) whose recorded end date is set and on or before as_of. A day after as_of is not
-- evaluated (situation NULL). The situation is the first that holds of employment (employed,
-- sources.md), unemployed (a 02/03 period covers the day), services (an active-measure row or
-- a 07 period covers it), education (status 08, or a TVK/OMA/OSA row, covers it),
-- outside_or_unknown.
with ended as (
    select
        service_row_id,
        source,
        organisation,
        person_id,
        service_code,
        start_date,
        end_date
    from {{ ref('int_service_rows') }}
    where end_date is not null and end_date <= {{ as_of() }}
),

days as (
    select e.*, h.horizon_months, {{ add_months('e.end_date', 'h.horizon_months') }} as situation_day
    from ended as e
    cross join (values (3), (6)) as h(horizon_months)
),

employed as (
    select distinct d.service_row_id, d.horizon_months
    from days as d
    inner join {{ ref('int_employment_intervals') }} as i
        on i.person_id = d.person_id and d.situation_day between i.start_date and i.end_date
),

unemployed as (
    select distinct d.service_row_id, d.horizon_months
    from days as d
    inner join {{ ref('int_unemployment_spells') }} as s
        on s.person_id = d.person_id and d.situation_day between s.spell_start and s.spell_last_day
),

in_services as (
    select distinct d.service_row_id, d.horizon_months
    from days as d
    inner join {{ ref('int_in_services_intervals') }} as i
        on i.person_id = d.person_id and d.situation_day between i.start_date and i.end_date
),

in_education as (
    select d.service_row_id, d.horizon_months
    from days as d
    inner join {{ ref('stg_te__jobseeker_periods') }} as p
        on p.person_id = d.person_id
        and p.status_code = '08'
        and d.situation_day between p.start_date and p.period_end
    union
    select d.service_row_id, d.horizon_months
    from days as d
    inner join {{ ref('int_service_rows') }} as r
        on r.person_id = d.person_id
        and r.service_code in ('TVK', 'OMA', 'OSA')
        and d.situation_day between r.start_date and r.period_end
)

select
    d.service_row_id,
    d.source,
    d.organisation,
    d.person_id,
    d.service_code,
    d.start_date,
    d.end_date,
    d.horizon_months,
    d.situation_day,
    d.situation_day <= {{ as_of() }} as is_evaluated,
    case
        when d.situation_day > {{ as_of() }} then null
        when emp.service_row_id is not null then 'employment'
        when unemp.service_row_id is not null then 'unemployed'
        when srv.service_row_id is not null then 'services'
        when edu.service_row_id is not null then 'education'
        else 'outside_or_unknown'
    end as situation
from days as d
left join employed as emp
    on emp.service_row_id = d.service_row_id and emp.horizon_months = d.horizon_months
left join unemployed as unemp
    on unemp.service_row_id = d.service_row_id and unemp.horizon_months = d.horizon_months
left join in_services as srv
    on srv.service_row_id = d.service_row_id and srv.horizon_months = d.horizon_months
left join in_education as edu
    on edu.service_row_id = d.service_row_id and edu.horizon_months = d.horizon_months
