{#- Use the folder's schema name as it is (`marts`, not `main_marts`): analysts query
    `marts.monthly_flows` as interface.md promises. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
