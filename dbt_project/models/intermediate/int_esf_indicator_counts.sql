-- One row per participant and indicator code the participant counts in (indicators.md §6),
-- with the year it counts in: outputs, TOTAL and NA_ rows in the year of the first entry;
-- results and PENDING_CR06 in the year of the final leaving date. CR07 is never counted (no
-- job-quality data). Every indicator except TOTAL is for complete participants only.
with p as (
    select
        *,
        labour_market_status in ('OPISKELIJA', 'ULKOPUOLELLA') as is_inactive,
        has_left and situation_on_leaving = 'job_searching'
            and labour_market_status in ('OPISKELIJA', 'ULKOPUOLELLA') as cr01,
        has_left and situation_on_leaving = 'education' as cr02,
        has_left and qualification = 'K' as cr03,
        has_left and situation_on_leaving in ('employment', 'self_employment') as cr04,
        coalesce(is_employed_6m, false) as cr06
    from {{ ref('int_esf_participants') }}
),

flags as (
    select project_code, person_id, sex, entry_year, leaving_year, 'TOTAL' as indicator_code, true as counted
    from p
    union all
    select project_code, person_id, sex, entry_year, leaving_year, code, counted
    from p,
        lateral (
            values
                ('CO01', labour_market_status = 'TYOTON'),
                ('CO02', is_long_term_unemployed),
                ('CO03', is_inactive),
                ('CO04', labour_market_status = 'ULKOPUOLELLA'),
                ('CO05', labour_market_status = 'TYOLLINEN'),
                ('CO06', age_at_entry < 25),
                ('CO07', age_at_entry > 54),
                ('CO08', age_at_entry > 54 and labour_market_status in ('TYOTON', 'ULKOPUOLELLA')),
                ('CO09', education_level between 0 and 2),
                ('CO10', education_level between 3 and 4),
                ('CO11', education_level between 5 and 8),
                ('CO15', minority = 'K'),
                ('CO16', disability = 'K'),
                ('CO17', other_disadvantage = 'K'),
                ('CO18', homeless = 'K'),
                ('CO19', rural = 'K'),
                ('NA_CO15', coalesce(minority, 'EOS') = 'EOS'),
                ('NA_CO16', coalesce(disability, 'EOS') = 'EOS'),
                ('NA_CO17', coalesce(other_disadvantage, 'EOS') = 'EOS'),
                ('CR01', cr01),
                ('CR02', cr02),
                ('CR03', cr03),
                ('CR04', cr04),
                ('CR05', is_disadvantaged and (cr01 or cr02 or cr03 or cr04)),
                ('CR06', cr06),
                ('CR08', age_at_entry > 54 and cr06),
                ('CR09', is_disadvantaged and cr06),
                ('PENDING_CR06', is_pending_6m)
        ) as t(code, counted)
    where is_complete
)

select
    f.project_code,
    f.person_id,
    f.sex,
    f.indicator_code,
    case i.counted_in when 'entry_year' then f.entry_year else f.leaving_year end as period_year
from flags as f
inner join {{ ref('esf_indicator_codes') }} as i
    on i.indicator_code = f.indicator_code
where coalesce(f.counted, false)
