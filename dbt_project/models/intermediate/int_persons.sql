-- Every person of the jobseeker register and the service sources (rows not ignored), with a
-- dense integer key: the interval arithmetic downstream sorts and joins on it instead of the
-- 64-character pseudonym, which keeps the marts fast on a million persons.
with persons as (
    select person_id, birth_date, sex from {{ ref('stg_te__jobseeker_periods') }}
    union all
    select person_id, birth_date, sex from {{ ref('stg_te__services') }}
    union all
    select person_id, birth_date, sex from {{ ref('stg_kunta__services') }}
)

select
    person_id,
    cast(row_number() over (order by person_id) as integer) as person_key,
    birth_date,
    sex
from (
    select person_id, min(birth_date) as birth_date, min(sex) as sex
    from persons
    group by person_id
)
