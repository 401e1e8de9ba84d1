-- The person's education group from their latest ESF record (indicators.md §3): the selected
-- esf/osallistujat rows with an entry date on or before as_of, latest = the last row in §6's
-- order of ESF rows (entry date, then leaving date with empty last, then row number), so that
-- both sections read "latest" alike. ISCED 0-2, 3-4, 5-8; 9 or empty -> unknown.
with latest as (
    select
        person_id,
        koulutusaste,
        aloituspvm as entry_date,
        row_number() over (
            partition by person_id
            order by aloituspvm desc, lopetuspvm desc nulls first, row_number desc
        ) as recency
    from {{ source('raw', 'esf_osallistujat') }}
    where {{ selected_load('esf/osallistujat') }}
        and aloituspvm <= {{ as_of() }}
    qualify recency = 1
)

select
    person_id,
    entry_date,
    koulutusaste,
    {{ education_group('koulutusaste') }} as education_group
from latest
