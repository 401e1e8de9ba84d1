-- ESF indicators that the definitions nest agree (indicators.md §6), per project, period and
-- sex column: CO02 <= CO01 (long-term unemployed are unemployed), CO04 <= CO03, CO08 <= CO07,
-- CR08 <= CR06, CR09 <= CR06, CR05 <= CR01 + CR02 + CR03 + CR04, and each count <= TOTAL;
-- and cumulative = the sum of the years (each participant counts in one year only).
with pivoted as (
    select
        project_code,
        period,
        sex_column,
        {% for code in ['TOTAL', 'CO01', 'CO02', 'CO03', 'CO04', 'CO07', 'CO08',
                        'CR01', 'CR02', 'CR03', 'CR04', 'CR05', 'CR06', 'CR08', 'CR09'] %}
        coalesce(sum(value) filter (where indicator_code = '{{ code }}'), 0) as {{ code | lower }}
        {{- "," if not loop.last }}
        {% endfor %}
    from {{ ref('esf_indicators') }}
    unpivot (value for sex_column in (men, women, total))
    where status = 'ok'
    group by project_code, period, sex_column
),

nesting as (
    select project_code, period, sex_column, 'nesting' as broken
    from pivoted
    where co02 > co01 or co04 > co03 or co08 > co07 or cr08 > cr06 or cr09 > cr06
        or cr05 > cr01 + cr02 + cr03 + cr04 or co01 > total
),

years as (
    select project_code, indicator_code, sum(total) as total, sum(men) as men, sum(women) as women
    from {{ ref('esf_indicators') }}
    where period <> 'cumulative' and status = 'ok'
    group by project_code, indicator_code
),

cumulative as (
    select c.project_code, c.period, c.indicator_code as sex_column, 'cumulative_not_sum_of_years' as broken
    from {{ ref('esf_indicators') }} as c
    left join years as y
        on y.project_code = c.project_code and y.indicator_code = c.indicator_code
    where c.period = 'cumulative' and c.status = 'ok'
        and (c.total <> coalesce(y.total, 0) or c.men <> coalesce(y.men, 0)
             or c.women <> coalesce(y.women, 0))
)

select * from nesting
union all
select * from cumulative
