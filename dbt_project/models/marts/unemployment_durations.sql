-- indicators.md §3: every spell with its duration and the person's group at the spell's start.
select
    s.spell_id,
    s.person_id,
    s.spell_start,
    cast(date_trunc('month', s.spell_start) as date) as start_month,
    cast(year(s.spell_start) as integer) as start_year,
    s.exit_date,
    cast(
        date_diff('day', s.spell_start, coalesce(s.exit_date, {{ as_of() }} + 1)) as integer
    ) as duration_days,
    s.is_censored,
    s.destination,
    s.sex,
    {{ age_band('s.birth_date', 's.spell_start') }} as age_band,
    s.municipality_code,
    coalesce(e.education_group, 'unknown') as education_group
from {{ ref('int_unemployment_spells') }} as s
left join {{ ref('int_person_education') }} as e
    on e.person_id = s.person_id
