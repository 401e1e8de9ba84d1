-- indicators.md §4, one row per customer of the joint service: episodes, organisations,
-- distinct service codes (of te/kunta rows; the status 07 is not a service code), days in
-- episodes (sum of episode lengths; episodes of different organisations may overlap, so the
-- distinct covered days are given beside it), gaps and how many are at most 14 days.
with episodes as (
    select
        person_id,
        count(*) as episodes,
        count(distinct organisation) as organisations,
        sum(episode_days) as days_in_episodes,
        min(episode_start) as first_episode_start,
        max(episode_end) as last_episode_end
    from {{ ref('int_service_episodes') }}
    group by person_id
),

-- the union of a customer's episodes (all organisations merged), for distinct covered days
merged as (
    select
        person_id,
        episode_start,
        episode_end,
        sum(case when latest_end_before is null or episode_start > latest_end_before + 1 then 1 else 0 end)
            over (partition by person_id order by episode_seq rows unbounded preceding) as union_group
    from (
        select
            *,
            max(episode_end) over (
                partition by person_id order by episode_seq
                rows between unbounded preceding and 1 preceding
            ) as latest_end_before
        from {{ ref('int_service_episodes') }}
    )
),

covered_days as (
    select person_id, sum(days) as distinct_days_in_episodes
    from (
        select person_id, date_diff('day', min(episode_start), max(episode_end)) + 1 as days
        from merged
        group by person_id, union_group
    )
    group by person_id
),

codes as (
    select r.person_id, count(distinct r.service_code) as service_codes
    from {{ ref('int_service_rows') }} as r
    inner join {{ ref('int_service_customers') }} as c on c.person_id = r.person_id
    group by r.person_id
),

gaps as (
    select
        person_id,
        count(*) as gaps,
        count(*) filter (where is_within_14_days) as gaps_within_14_days,
        count(*) filter (where crosses_organisations) as cross_organisation_gaps,
        count(*) filter (where crosses_organisations and is_within_14_days)
            as cross_organisation_gaps_within_14_days
    from {{ ref('service_gaps') }}
    group by person_id
)

select
    c.person_id,
    c.is_askel_service_customer,
    c.esf_projects,
    coalesce(e.episodes, 0) as episodes,
    coalesce(e.organisations, 0) as organisations,
    coalesce(k.service_codes, 0) as service_codes,
    coalesce(e.days_in_episodes, 0) as days_in_episodes,
    coalesce(d.distinct_days_in_episodes, 0) as distinct_days_in_episodes,
    e.first_episode_start,
    e.last_episode_end,
    coalesce(g.gaps, 0) as gaps,
    coalesce(g.gaps_within_14_days, 0) as gaps_within_14_days,
    coalesce(g.cross_organisation_gaps, 0) as cross_organisation_gaps,
    coalesce(g.cross_organisation_gaps_within_14_days, 0) as cross_organisation_gaps_within_14_days
from {{ ref('int_service_customers') }} as c
left join episodes as e on e.person_id = c.person_id
left join covered_days as d on d.person_id = c.person_id
left join codes as k on k.person_id = c.person_id
left join gaps as g on g.person_id = c.person_id
