-- ESF participants (indicators.md §6): one per person per project. The person's rows in the
-- project (entry on or before as_of) are ordered by entry date, leaving date (empty last), row
-- number; entry data come from the first row, leaving date and results from the last. The
-- participant has left only when every row has a leaving date on or before as_of.
with rows_ordered as (
    select
        *,
        row_number() over (
            partition by project_code, person_id
            order by entry_date, leaving_date nulls last, row_number
        ) as row_order,
        count(*) over (partition by project_code, person_id) as participation_rows,
        bool_and(leaving_date is not null and leaving_date <= {{ as_of() }})
            over (partition by project_code, person_id) as every_row_left
    from {{ ref('stg_esf__participants') }}
),

first_rows as (
    select * from rows_ordered where row_order = 1
),

last_rows as (
    select * from rows_ordered where row_order = participation_rows
),

participants as (
    select
        f.project_code,
        f.person_id,
        f.sex,
        f.birth_date,
        f.entry_date,
        {{ age_on('f.birth_date', 'f.entry_date') }} as age_at_entry,
        f.labour_market_status,
        f.education_level,
        f.jobless_household,
        f.dependent_children,
        f.single_parent,
        f.minority,
        f.disability,
        f.other_disadvantage,
        f.homeless,
        f.rural,
        f.participation_rows,
        f.every_row_left as has_left,
        case when f.every_row_left then l.leaving_date end as leaving_date,
        l.situation_recorded,
        l.qualification,
        coalesce(
            f.labour_market_status is not null
            and f.education_level between 0 and 8
            and f.sex is not null
            and f.birth_date is not null,
            false
        ) as is_complete
    from first_rows as f
    inner join last_rows as l
        on l.project_code = f.project_code and l.person_id = f.person_id
),

-- long-term unemployed at entry: an unemployment spell covering the day before entry that
-- began on or before add_months(entry, -12) (age 25+) or add_months(entry, -6) (under 25)
long_term as (
    select distinct p.project_code, p.person_id
    from participants as p
    inner join {{ ref('int_unemployment_spells') }} as s
        on s.person_id = p.person_id
        and s.spell_start <= p.entry_date - 1
        and s.spell_last_day >= p.entry_date - 1
        and s.spell_start <= case
            when p.age_at_entry >= 25 then {{ add_months('p.entry_date', -12) }}
            else {{ add_months('p.entry_date', -6) }}
        end
    where p.labour_market_status = 'TYOTON'
),

windows as (
    select
        project_code,
        person_id,
        leaving_date as window_start,
        leaving_date + 28 as window_end,
        {{ add_months('leaving_date', 6) }} as day_6m
    from participants
    where has_left
),

employed_in_window as (
    select distinct w.project_code, w.person_id
    from windows as w
    inner join {{ ref('int_employment_intervals') }} as e
        on e.person_id = w.person_id
        and e.start_date <= w.window_end
        and e.end_date >= w.window_start
),

education_in_window as (
    select w.project_code, w.person_id
    from windows as w
    inner join {{ ref('int_service_rows') }} as r
        on r.person_id = w.person_id
        and r.service_code in ('TVK', 'OMA', 'OSA')
        and r.start_date <= w.window_end
        and r.period_end >= w.window_start
    union
    select w.project_code, w.person_id
    from windows as w
    inner join {{ ref('stg_te__jobseeker_periods') }} as j
        on j.person_id = w.person_id
        and j.status_code = '08'
        and j.start_date <= w.window_end
        and j.period_end >= w.window_start
),

registered_in_window as (
    select distinct w.project_code, w.person_id
    from windows as w
    inner join {{ ref('stg_te__jobseeker_periods') }} as j
        on j.person_id = w.person_id
        and j.start_date <= w.window_end
        and j.period_end >= w.window_start
),

employed_6m as (
    select distinct w.project_code, w.person_id
    from windows as w
    inner join {{ ref('int_employment_intervals') }} as e
        on e.person_id = w.person_id
        and e.start_date <= w.day_6m
        and e.end_date >= w.day_6m
    where w.day_6m <= {{ as_of() }}
),

situations as (
    select
        p.project_code,
        p.person_id,
        case
            when not p.has_left then null
            when p.situation_recorded = 'TYOLLINEN' then 'employment'
            when p.situation_recorded = 'YRITTAJA' then 'self_employment'
            when p.situation_recorded = 'KOULUTUS' then 'education'
            when p.situation_recorded = 'TYONHAKU' then 'job_searching'
            when p.situation_recorded = 'ULKOPUOLELLA' then 'outside'
            when e.person_id is not null then 'employment'
            when d.person_id is not null then 'education'
            when r.person_id is not null then 'job_searching'
            else 'unknown'
        end as situation_on_leaving,
        case
            when not p.has_left then null
            when p.situation_recorded in ('TYOLLINEN', 'YRITTAJA', 'KOULUTUS', 'TYONHAKU', 'ULKOPUOLELLA')
                then 'recorded'
            else 'registers'
        end as situation_from
    from participants as p
    left join employed_in_window as e
        on e.project_code = p.project_code and e.person_id = p.person_id
    left join education_in_window as d
        on d.project_code = p.project_code and d.person_id = p.person_id
    left join registered_in_window as r
        on r.project_code = p.project_code and r.person_id = p.person_id
)

select
    p.project_code,
    p.person_id,
    p.sex,
    p.birth_date,
    p.entry_date,
    year(p.entry_date) as entry_year,
    p.age_at_entry,
    p.labour_market_status,
    p.education_level,
    p.jobless_household,
    p.dependent_children,
    p.single_parent,
    p.minority,
    p.disability,
    p.other_disadvantage,
    p.homeless,
    p.rural,
    p.participation_rows,
    p.is_complete,
    p.labour_market_status = 'TYOTON' and lt.person_id is not null as is_long_term_unemployed,
    p.is_complete
        and 'K' in (coalesce(p.minority, ''), coalesce(p.disability, ''),
                    coalesce(p.other_disadvantage, ''), coalesce(p.homeless, ''))
        as is_disadvantaged,
    p.has_left,
    p.leaving_date,
    year(p.leaving_date) as leaving_year,
    p.situation_recorded,
    s.situation_on_leaving,
    s.situation_from,
    p.qualification,
    case when p.has_left then {{ add_months('p.leaving_date', 6) }} end as day_6m,
    case
        when not p.has_left then null
        when {{ add_months('p.leaving_date', 6) }} > {{ as_of() }} then null
        else e6.person_id is not null
    end as is_employed_6m,
    p.has_left and {{ add_months('p.leaving_date', 6) }} > {{ as_of() }} as is_pending_6m
from participants as p
left join long_term as lt
    on lt.project_code = p.project_code and lt.person_id = p.person_id
left join situations as s
    on s.project_code = p.project_code and s.person_id = p.person_id
left join employed_6m as e6
    on e6.project_code = p.project_code and e6.person_id = p.person_id
