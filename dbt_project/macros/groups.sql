{#- The groups of indicators.md §3, shared by the durations and the effect estimate (§9). -#}

{#- Age band on day d: under_25, 25_54, over_54 (whole years by the age rule). -#}
{% macro age_band(birth_date, d) -%}
    case
        when {{ age_on(birth_date, d) }} < 25 then 'under_25'
        when {{ age_on(birth_date, d) }} <= 54 then '25_54'
        else 'over_54'
    end
{%- endmacro %}

{#- Education group of an ISCED 2011 level (koulutusaste): 0-2, 3-4, 5-8; 9 or empty unknown. -#}
{% macro education_group(level) -%}
    case
        when {{ level }} between 0 and 2 then 'isced_0_2'
        when {{ level }} between 3 and 4 then 'isced_3_4'
        when {{ level }} between 5 and 8 then 'isced_5_8'
        else 'unknown'
    end
{%- endmacro %}
