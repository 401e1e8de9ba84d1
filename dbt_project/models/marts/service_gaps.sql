-- indicators.md §4: every gap between consecutive episodes of a customer (sorted by start,
-- then end, then organisation): next start - previous end - 1 days, floored at 0 when the
-- episodes overlap or touch (possible only across organisations, as same-organisation
-- episodes are merged). "Previous" is the episode just before in that order. The gap ends,
-- for the per-year shares, in the year of the next episode's start.
with e as (
    select * from {{ ref('int_service_episodes') }}
)

select
    prev.person_id || '-' || cast(prev.episode_seq as varchar) as gap_id,
    prev.person_id,
    prev.episode_seq as gap_seq,
    prev.episode_id as previous_episode_id,
    nxt.episode_id as next_episode_id,
    prev.organisation as previous_organisation,
    nxt.organisation as next_organisation,
    prev.episode_end as previous_end,
    nxt.episode_start as next_start,
    greatest(date_diff('day', prev.episode_end, nxt.episode_start) - 1, 0) as gap_days,
    prev.organisation <> nxt.organisation as crosses_organisations,
    greatest(date_diff('day', prev.episode_end, nxt.episode_start) - 1, 0) <= 14 as is_within_14_days,
    year(nxt.episode_start) as gap_end_year
from e as prev
inner join e as nxt
    on nxt.person_id = prev.person_id and nxt.episode_seq = prev.episode_seq + 1
