{#- Date helpers that follow indicators.md to the letter. -#}

{#- The run's reference day as a DATE literal. -#}
{% macro as_of() -%}
    date '{{ var("as_of") }}'
{%- endmacro %}

{#- add_months(d, n): same day of month, clamped to the month's last day
    (DuckDB's month interval arithmetic clamps exactly so). -#}
{% macro add_months(d, n) -%}
    cast(({{ d }}) + to_months(cast({{ n }} as integer)) as date)
{%- endmacro %}

{#- Whole years: k years old on day D when add_months(birth, 12k) <= D. -#}
{% macro age_on(birth_date, d) -%}
    (date_diff('year', {{ birth_date }}, {{ d }})
     - case when {{ add_months(birth_date, "12 * date_diff('year', " ~ birth_date ~ ", " ~ d ~ ")") }} > {{ d }}
            then 1 else 0 end)
{%- endmacro %}

{#- Whole months from d0 to d1: the largest m with add_months(d0, m) <= d1 (the age rule in months). -#}
{% macro months_between(d0, d1) -%}
    (date_diff('month', {{ d0 }}, {{ d1 }})
     - case when {{ add_months(d0, "date_diff('month', " ~ d0 ~ ", " ~ d1 ~ ")") }} > {{ d1 }}
            then 1 else 0 end)
{%- endmacro %}
