-- indicators.md §9, treatment: a person's entry into service code C is the first day T of their
-- first row of C (te/palvelut or kunta/palvelut) that begins while they are unemployed on T - 1
-- (a spell of §1 covers T - 1). Read to the letter: rows of C that do not begin from
-- unemployment are passed over, so the entry is the earliest row that does. Entries count when
-- T is on or after the earliest project start; each horizon's own rule (add_months(T, h) on or
-- before as_of) is applied where the outcome is read (int_effect_person_days).
with service_rows as (
    select p.person_key, r.service_code, r.start_date
    from {{ ref('int_service_rows') }} as r
    inner join {{ ref('int_persons') }} as p
        on p.person_id = r.person_id
),

from_unemployment as (
    select r.person_key, r.service_code, r.start_date
    from service_rows as r
    inner join {{ ref('int_unemployment_spells') }} as s
        on s.person_key = r.person_key
        and r.start_date - 1 between s.spell_start and s.spell_last_day
),

first_entries as (
    select person_key, service_code, min(start_date) as entry_day
    from from_unemployment
    group by person_key, service_code
)

select person_key, service_code, entry_day
from first_entries
where entry_day >= (select min(start_date) from {{ ref('stg_config__projects') }})
