-- The configured ESF projects (raw.config_projects, written by ingestion on every run from the
-- configuration; defaults = the seed project pair S21001 main / S21002 sister).
select
    project_code,
    role,
    lead,
    start_date,
    end_date,
    budget_eur,
    eu_contribution_eur,
    target_participants
from {{ source('raw', 'config_projects') }}
