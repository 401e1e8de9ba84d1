-- Unemployment spells (indicators.md §1): the person's 02/03 periods (ends cut at as_of),
-- sorted by start, merged while the next start <= (latest end so far) + 1.
with periods as (
    select * from {{ ref('int_jobseeker_periods') }}
),

unemployed_periods as (
    -- tie_id completes the sort order: both merge windows below must order tied periods
    -- (same start and end) the same way, or one could land in the wrong spell
    select person_key, municipality_code, start_date, period_end, row_number() over () as tie_id
    from periods
    where status_code in ('02', '03')
),

ordered as (
    select
        *,
        max(period_end) over (
            partition by person_key order by start_date, period_end, tie_id
            rows between unbounded preceding and 1 preceding
        ) as latest_end_before
    from unemployed_periods
),

numbered as (
    select
        *,
        sum(case when latest_end_before is null or start_date > latest_end_before + 1 then 1 else 0 end)
            over (
                partition by person_key order by start_date, period_end, tie_id
                rows unbounded preceding
            )
            as spell_seq
    from ordered
),

spells as (
    select
        person_key,
        min(start_date) as spell_start,
        max(period_end) as spell_last_day,
        -- the kotikunta of the 02/03 period starting on the spell's first day (several: lowest)
        min(municipality_code) filter (where start_date = spell_first_day) as municipality_code,
        count(*) as periods
    from (
        select *, min(start_date) over (partition by person_key, spell_seq) as spell_first_day
        from numbered
    )
    group by person_key, spell_seq
),

exits as (
    select
        *,
        case when spell_last_day < {{ as_of() }} then spell_last_day + 1 end as exit_date
    from spells
),

-- non-unemployed periods covering the exit date (employment, services, education, outside)
destination_by_status as (
    select e.person_key, e.spell_start, arg_min(t.destination, t.destination_priority) as destination
    from exits as e
    inner join periods as p
        on p.person_key = e.person_key
        and p.start_date <= e.exit_date
        and p.period_end >= e.exit_date
    inner join {{ ref('tyollkoodi') }} as t
        on t.code = p.status_code and t.destination is not null
    where e.exit_date is not null
    group by e.person_key, e.spell_start
),

-- paattymissyy of any period of the person whose recorded end is the spell's last day
destination_by_end_reason as (
    select e.person_key, e.spell_start, arg_min(r.destination, r.destination_priority) as destination
    from exits as e
    inner join periods as p
        on p.person_key = e.person_key
        and p.end_date = e.spell_last_day
    inner join {{ ref('paattymissyy') }} as r
        on r.code = p.end_reason
    where e.exit_date is not null
    group by e.person_key, e.spell_start
)

select
    k.person_id || '-' || strftime(e.spell_start, '%Y%m%d') as spell_id,
    k.person_id,
    e.person_key,
    e.spell_start,
    e.spell_last_day,
    e.exit_date,
    e.exit_date is null as is_censored,
    case
        when e.exit_date is null then null
        else coalesce(ds.destination, dr.destination, 'other')
    end as destination,
    e.municipality_code,
    k.sex,
    k.birth_date,
    e.periods,
    -- unemployed days in the person's earlier spells: days in (a, b] = cumulative(b) - cumulative(a)
    cast(coalesce(sum(date_diff('day', e.spell_start, e.spell_last_day) + 1) over (
        partition by e.person_key order by e.spell_start
        rows between unbounded preceding and 1 preceding
    ), 0) as integer) as unemployed_days_before
from exits as e
inner join {{ ref('int_persons') }} as k
    on k.person_key = e.person_key
left join destination_by_status as ds
    on ds.person_key = e.person_key and ds.spell_start = e.spell_start
left join destination_by_end_reason as dr
    on dr.person_key = e.person_key and dr.spell_start = e.spell_start
