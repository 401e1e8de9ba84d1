-- Unemployment spells (indicators.md §1): the person's 02/03 periods (ends cut at as_of),
-- sorted by start, merged while the next start <= (latest end so far) + 1.
with unemployed_periods as (
    select person_id, birth_date, sex, municipality_code, start_date, period_end
    from {{ ref('stg_te__jobseeker_periods') }}
    where status_code in ('02', '03')
),

ordered as (
    select
        *,
        max(period_end) over (
            partition by person_id order by start_date, period_end
            rows between unbounded preceding and 1 preceding
        ) as latest_end_before
    from unemployed_periods
),

numbered as (
    select
        *,
        sum(case when latest_end_before is null or start_date > latest_end_before + 1 then 1 else 0 end)
            over (partition by person_id order by start_date, period_end rows unbounded preceding)
            as spell_seq
    from ordered
),

spells as (
    select
        person_id,
        spell_seq,
        min(start_date) as spell_start,
        max(period_end) as spell_last_day,
        any_value(birth_date) as birth_date,
        any_value(sex) as sex,
        count(*) as periods
    from numbered
    group by person_id, spell_seq
),

-- the kotikunta of the 02/03 period starting on the spell's first day (several: lowest code)
first_day_municipality as (
    select s.person_id, s.spell_start, min(p.municipality_code) as municipality_code
    from spells as s
    inner join unemployed_periods as p
        on p.person_id = s.person_id and p.start_date = s.spell_start
    group by s.person_id, s.spell_start
),

exits as (
    select
        person_id,
        spell_start,
        spell_last_day,
        case when spell_last_day < {{ as_of() }} then spell_last_day + 1 end as exit_date
    from spells
),

-- non-unemployed periods covering the exit date (employment, services, education, outside)
destination_by_status as (
    select e.person_id, e.spell_start, arg_min(t.destination, t.destination_priority) as destination
    from exits as e
    inner join {{ ref('stg_te__jobseeker_periods') }} as p
        on p.person_id = e.person_id
        and p.start_date <= e.exit_date
        and p.period_end >= e.exit_date
    inner join {{ ref('tyollkoodi') }} as t
        on t.code = p.status_code and t.destination is not null
    where e.exit_date is not null
    group by e.person_id, e.spell_start
),

-- paattymissyy of any period of the person whose recorded end is the spell's last day
destination_by_end_reason as (
    select e.person_id, e.spell_start, arg_min(r.destination, r.destination_priority) as destination
    from exits as e
    inner join {{ ref('stg_te__jobseeker_periods') }} as p
        on p.person_id = e.person_id
        and p.end_date = e.spell_last_day
    inner join {{ ref('paattymissyy') }} as r
        on r.code = p.end_reason
    where e.exit_date is not null
    group by e.person_id, e.spell_start
)

select
    s.person_id || '-' || strftime(s.spell_start, '%Y%m%d') as spell_id,
    s.person_id,
    s.spell_start,
    s.spell_last_day,
    e.exit_date,
    e.exit_date is null as is_censored,
    case
        when e.exit_date is null then null
        else coalesce(ds.destination, dr.destination, 'other')
    end as destination,
    m.municipality_code,
    s.sex,
    s.birth_date,
    s.periods
from spells as s
inner join exits as e
    on e.person_id = s.person_id and e.spell_start = s.spell_start
left join first_day_municipality as m
    on m.person_id = s.person_id and m.spell_start = s.spell_start
left join destination_by_status as ds
    on ds.person_id = s.person_id and ds.spell_start = s.spell_start
left join destination_by_end_reason as dr
    on dr.person_id = s.person_id and dr.spell_start = s.spell_start
