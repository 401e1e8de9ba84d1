-- indicators.md §4: for each unemployment spell of a customer, the days from the spell's first
-- day to the first service episode that starts within the spell (first day .. last day, as_of
-- cut); NULL when no episode starts within it.
with first_episode as (
    select
        s.spell_id,
        min(e.episode_start) as first_episode_start
    from {{ ref('int_unemployment_spells') }} as s
    inner join {{ ref('int_service_episodes') }} as e
        on e.person_id = s.person_id
        and e.episode_start between s.spell_start and s.spell_last_day
    group by s.spell_id
)

select
    s.spell_id,
    s.person_id,
    s.spell_start,
    s.spell_last_day,
    s.exit_date,
    s.is_censored,
    f.first_episode_start,
    date_diff('day', s.spell_start, f.first_episode_start) as days_to_first_episode
from {{ ref('int_unemployment_spells') }} as s
inner join {{ ref('int_service_customers') }} as c on c.person_id = s.person_id
left join first_episode as f on f.spell_id = s.spell_id
