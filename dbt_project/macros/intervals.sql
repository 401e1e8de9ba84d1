{#- Runs of intervals per person (indicators.md §1's merge rule): `intervals` (a relation or CTE
    with person_key, start_date, end_date and tie_id) sorted by start, merged while the next start
    <= (the latest end so far) + 1, so touching, overlapping and nested intervals make one run.
    Returns every interval with its run's number in `seq_column`. tie_id completes the sort order:
    both windows must order equal intervals alike, or one could start a run of its own. -#}
{% macro numbered_runs(intervals, seq_column) -%}
    select
        *,
        sum(case when latest_end_before is null or start_date > latest_end_before + 1 then 1 else 0 end)
            over (
                partition by person_key order by start_date, end_date, tie_id
                rows unbounded preceding
            )
            as {{ seq_column }}
    from (
        select
            *,
            max(end_date) over (
                partition by person_key order by start_date, end_date, tie_id
                rows between unbounded preceding and 1 preceding
            ) as latest_end_before
        from {{ intervals }}
    )
{%- endmacro %}
