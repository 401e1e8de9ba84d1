-- indicators.md §4 service episodes, one row per episode (see int_service_episodes).
select * from {{ ref('int_service_episodes') }}
