-- The configured municipalities in scope (raw.config_municipalities; defaults 297 and 749).
select
    municipality_code,
    name,
    employment_area,
    joined_date
from {{ source('raw', 'config_municipalities') }}
