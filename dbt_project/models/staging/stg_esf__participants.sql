-- esf/osallistujat rows (one per participation) of the selected snapshot whose entry date is on
-- or before as_of, renamed to English. Rows of an unconfigured project or with an entry date
-- before the project's start are quarantined by ingestion; they are left out here too, so that
-- the models never count them even if the raw layer was written by other means.
select
    src.load_id || ':' || cast(src.row_number as varchar) as participation_row_id,
    src.person_id,
    src.birth_date,
    src.sex,
    src.hanketunnus as project_code,
    src.aloituspvm as entry_date,
    src.lopetuspvm as leaving_date,
    src.tyomarkkina_asema as labour_market_status,
    src.koulutusaste as education_level,
    src.kotitalous_tyoton as jobless_household,
    src.huollettavia_lapsia as dependent_children,
    src.yksinhuoltaja as single_parent,
    src.vahemmisto as minority,
    src.vamma as disability,
    src.muu_heikko_asema as other_disadvantage,
    src.asunnoton as homeless,
    src.maaseutu as rural,
    src.tilanne_lopussa as situation_recorded,
    src.tutkinto as qualification,
    src.load_id,
    src.file_name,
    src.row_number
from {{ source('raw', 'esf_osallistujat') }} as src
inner join {{ source('raw', 'config_projects') }} as projects
    on projects.project_code = src.hanketunnus
    and src.aloituspvm >= projects.start_date
where src.{{ selected_load('esf/osallistujat') }}
    and src.aloituspvm <= {{ as_of() }}
