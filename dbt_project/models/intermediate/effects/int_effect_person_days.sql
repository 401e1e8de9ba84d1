-- indicators.md §9: every person-day the effect estimate looks at, with what was known on the day
-- before and the outcome 3, 6 and 12 months on.
--   entry rows (service_code set): a participant on their entry day T into that code;
--   pool rows (service_code NULL): persons unemployed on T, for every day T with an entry into any
--   code. `unemployed_before` marks those also unemployed on T - 1: they are the potential
--   comparisons (the estimate leaves out, per code, those who started it on or before T, with
--   int_effect_service_starts); all pool rows of a day are "all jobseekers unemployed on T", the
--   naive comparison.
-- The pool is every day of every spell in the entry days when that is at most `effect_pool_cap`
-- person-days (every hand-made and test area); above it, a systematic 1-in-`pool_stride` sample
-- of each spell's days (offset by a hash of the person), so that each day keeps a random share of
-- its jobseekers and a million persons stay within the run's time and memory.
{%- set cap = var('effect_pool_cap', 3000000) %}
with entries as (
    select * from {{ ref('int_effect_entries') }}
),

entry_days as (
    select distinct entry_day as day from entries
),

bounds as (
    select min(day) as first_day, max(day) as last_day from entry_days
),

spells as (
    select
        person_key,
        spell_start,
        spell_last_day,
        coalesce(municipality_code, 'unknown') as municipality_code,
        sex,
        birth_date
    from {{ ref('int_unemployment_spells') }}
),

-- unemployed days in the 24 months before each spell: add_months(start, -24) <= D < start
-- (earlier spells end at least two days before a spell starts, or they would be one spell)
prior_unemployment as (
    select
        s.person_key,
        s.spell_start,
        coalesce(sum(
            date_diff(
                'day', greatest(e.spell_start, {{ add_months('s.spell_start', -24) }}), e.spell_last_day
            ) + 1
        ), 0) as prior_unemployed_days
    from spells as s
    left join spells as e
        on e.person_key = s.person_key
        and e.spell_start < s.spell_start
        and e.spell_last_day >= {{ add_months('s.spell_start', -24) }}
    group by s.person_key, s.spell_start
),

spell_ranges as (
    select
        s.*,
        greatest(s.spell_start, b.first_day) as range_start,
        least(s.spell_last_day, b.last_day) as range_end
    from spells as s
    cross join bounds as b
    where s.spell_last_day >= b.first_day and s.spell_start <= b.last_day
),

stride as (
    select cast(greatest(1, ceil(coalesce(sum(range_end - range_start + 1), 0) / {{ cap }})) as integer) as pool_stride
    from spell_ranges
),

sampled_offsets as (
    select
        r.person_key,
        r.spell_start,
        r.municipality_code,
        r.sex,
        r.birth_date,
        r.range_start,
        unnest(generate_series(
            cast(hash(r.person_key) % st.pool_stride as bigint),
            cast(r.range_end - r.range_start as bigint),
            cast(st.pool_stride as bigint)
        )) as offset_days
    from spell_ranges as r
    cross join stride as st
),

sampled_days as (
    select * exclude (range_start, offset_days), range_start + cast(offset_days as integer) as day
    from sampled_offsets
),

person_days as (
    select
        d.person_key,
        d.day,
        cast(null as varchar) as service_code,
        d.day - 1 >= d.spell_start as unemployed_before,
        d.spell_start,
        d.municipality_code,
        d.sex,
        d.birth_date
    from sampled_days as d
    semi join entry_days as e
        on e.day = d.day
    union all
    select
        e.person_key,
        e.entry_day as day,
        e.service_code,
        true as unemployed_before,
        s.spell_start,
        s.municipality_code,
        s.sex,
        s.birth_date
    from entries as e
    inner join spells as s
        on s.person_key = e.person_key
        and e.entry_day - 1 between s.spell_start and s.spell_last_day
),

-- education known on T - 1: the latest ESF record entered on or before that day (§3's reading of
-- "latest", §6's order of rows on a tie of entry dates)
education_history as (
    select p.person_key, e.aloituspvm as entry_date, e.koulutusaste
    from {{ source('raw', 'esf_osallistujat') }} as e
    inner join {{ ref('int_persons') }} as p
        on p.person_id = e.person_id
    where {{ selected_load('esf/osallistujat') }}
        and e.aloituspvm <= {{ as_of() }}
    qualify row_number() over (
        partition by p.person_key, e.aloituspvm
        order by e.lopetuspvm desc nulls first, e.row_number desc
    ) = 1
),

-- rows of any active measure begun by each day (cumulative per person)
measure_starts as (
    select
        p.person_key,
        r.start_date,
        sum(count(*)) over (partition by p.person_key order by r.start_date) as rows_started
    from {{ ref('int_service_rows') }} as r
    inner join {{ ref('int_persons') }} as p
        on p.person_id = r.person_id
    where r.is_active_measure
    group by p.person_key, r.start_date
),

with_known as (
    select
        d.*,
        d.day - 1 as known_day,
        ed.koulutusaste,
        coalesce(m.rows_started, 0) as earlier_active_rows
    from person_days as d
    asof left join education_history as ed
        on ed.person_key = d.person_key and d.day - 1 >= ed.entry_date
    asof left join measure_starts as m
        on m.person_key = d.person_key and d.day - 1 >= m.start_date
),

{%- for h in [3, 6, 12] %}

outcome_{{ h }} as (
    select
        k.*,
        {{ add_months('k.day', h) }} as outcome_day_{{ h }},
        case
            when {{ add_months('k.day', h) }} > {{ as_of() }} then null
            else coalesce(sp.end_date >= {{ add_months('k.day', h) }}, false)
        end as employed_{{ h }}
    from {{ 'with_known' if loop.first else 'outcome_' ~ loop.previtem }} as k
    asof left join {{ ref('int_employment_spans') }} as sp
        on sp.person_key = k.person_key and {{ add_months('k.day', h) }} >= sp.start_date
),
{%- endfor %}

features as (
    select
        o.person_key,
        o.day,
        o.service_code,
        o.service_code is not null as is_entry,
        o.unemployed_before,
        o.sex,
        {{ age_band('o.birth_date', 'o.known_day') }} as age_band,
        {{ education_group('o.koulutusaste') }} as education_group,
        o.municipality_code,
        case when o.unemployed_before then {{ months_between('o.spell_start', 'o.known_day') }} end
            as elapsed_months,
        o.day - o.spell_start as elapsed_days,
        cast(pu.prior_unemployed_days as integer) as prior_unemployed_days,
        cast(o.earlier_active_rows as integer) as earlier_active_rows,
        quarter(o.day) as quarter,
        o.employed_3,
        o.employed_6,
        o.employed_12
    from outcome_12 as o
    inner join prior_unemployment as pu
        on pu.person_key = o.person_key and pu.spell_start = o.spell_start
)

select f.*, st.pool_stride
from features as f
cross join stride as st
