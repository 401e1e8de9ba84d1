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
