{#- Intervals of one key never share a day. With merged=true they must not even touch
    (next start > latest end so far + 1), as merged spells and runs must not. -#}
{% test not_overlapping(model, partition_by, start_column, end_column, merged=false) %}
with ordered as (
    select
        {{ partition_by }} as partition_key,
        {{ start_column }} as start_day,
        {{ end_column }} as end_day,
        max({{ end_column }}) over (
            partition by {{ partition_by }}
            order by {{ start_column }}, {{ end_column }}
            rows between unbounded preceding and 1 preceding
        ) as latest_end_before
    from {{ model }}
)
select *
from ordered
where start_day <= latest_end_before + {{ 1 if merged else 0 }}
{% endtest %}
