-- Customers of the joint service (indicators.md §4): persons with any kunta/palvelut row
-- tagged hanke = ASKEL (ingestion upper-cases it; spaces are ignored here too; rows beginning
-- after as_of ignored), or ESF participants of a configured project (entry on or before as_of).
with askel_rows as (
    select distinct person_id
    from {{ ref('stg_kunta__services') }}
    where upper(trim(project_tag)) = 'ASKEL'
),

esf as (
    select person_id, count(*) as esf_projects
    from {{ ref('int_esf_participants') }}
    group by person_id
)

select
    coalesce(a.person_id, e.person_id) as person_id,
    a.person_id is not null as is_askel_service_customer,
    coalesce(e.esf_projects, 0) as esf_projects
from askel_rows as a
full outer join esf as e on e.person_id = a.person_id
