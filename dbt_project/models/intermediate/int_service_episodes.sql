-- Service episodes of the joint service's customers (indicators.md §4): their te/palvelut and
-- kunta/palvelut rows (all codes) and jobseeker periods with status 07, cut at as_of, with
-- touching or overlapping ones of the same organisation merged (sorted by start, merged while
-- the next start <= latest end so far + 1). Organisation: 'te' (the employment
-- administration) for te rows and 07 periods, 'municipality:<kunta>' for kunta rows.
-- episode_seq numbers a person's episodes by start, then end, then organisation (the
-- deterministic tie-break of the sort order used for gaps). Both merge windows order by the
-- same total order (ending in the item's unique id): with ties on dates alone, the two passes
-- could order tied items differently and put one in the wrong merge group.
with items as (
    select
        r.service_row_id as item_id,
        r.person_id,
        r.organisation,
        r.source,
        r.service_code,
        r.start_date,
        r.period_end as end_date
    from {{ ref('int_service_rows') }} as r
    inner join {{ ref('int_service_customers') }} as c on c.person_id = r.person_id
    union all
    select
        p.period_row_id as item_id,
        p.person_id,
        'te' as organisation,
        'status_07' as source,
        '07' as service_code,
        p.start_date,
        p.period_end as end_date
    from {{ ref('stg_te__jobseeker_periods') }} as p
    inner join {{ ref('int_service_customers') }} as c on c.person_id = p.person_id
    where p.status_code = '07'
),

ordered as (
    select
        *,
        max(end_date) over (
            partition by person_id, organisation order by start_date, end_date, item_id
            rows between unbounded preceding and 1 preceding
        ) as latest_end_before
    from items
),

numbered as (
    select
        *,
        sum(case when latest_end_before is null or start_date > latest_end_before + 1 then 1 else 0 end)
            over (
                partition by person_id, organisation order by start_date, end_date, item_id
                rows unbounded preceding
            ) as merge_group
    from ordered
),

episodes as (
    select
        person_id,
        organisation,
        min(start_date) as episode_start,
        max(end_date) as episode_end,
        count(*) as items,
        count(*) filter (where source <> 'status_07') as service_rows,
        count(*) filter (where source = 'status_07') as status_07_periods,
        string_agg(distinct service_code, ',' order by service_code) as service_codes
    from numbered
    group by person_id, organisation, merge_group
)

select
    person_id || '-' || cast(row_number() over (
        partition by person_id order by episode_start, episode_end, organisation
    ) as varchar) as episode_id,
    person_id,
    row_number() over (
        partition by person_id order by episode_start, episode_end, organisation
    ) as episode_seq,
    organisation,
    episode_start,
    episode_end,
    date_diff('day', episode_start, episode_end) + 1 as episode_days,
    items,
    service_rows,
    status_07_periods,
    service_codes
from episodes
