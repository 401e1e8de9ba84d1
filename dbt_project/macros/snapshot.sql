{#- Rows of the load selected for this run for a snapshot source (raw.snapshot_selection,
    written by ingestion: newest extraction on or before as_of, skipping rejected files). -#}
{% macro selected_load(source_key) -%}
    load_id in (
        select load_id from {{ source('raw', 'snapshot_selection') }}
        where source = '{{ source_key }}'
    )
{%- endmacro %}

{#- A row's last day read at as_of: an empty end, or one after as_of, reads as as_of. -#}
{% macro cut_end(end_date) -%}
    least(coalesce({{ end_date }}, {{ as_of() }}), {{ as_of() }})
{%- endmacro %}
