-- The municipalities of monthly_flows: every code that appears as a spell's municipality or as
-- a person's municipality, read as every non-empty kotikunta of a jobseeker period and every
-- kunta of a municipal service row among rows not ignored (spell municipalities are kotikunta
-- values, so they are included). A code listed here gets a row in every month, zeros included.
select municipality_code from {{ ref('stg_te__jobseeker_periods') }}
where municipality_code is not null
union
select municipality_code from {{ ref('stg_kunta__services') }}
where municipality_code is not null
union
select municipality_code from {{ ref('int_unemployment_spells') }}
where municipality_code is not null
