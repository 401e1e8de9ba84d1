-- indicators.md §3: Kaplan-Meier survival per start year and group.
-- S(t) = product over event durations t_i <= t of (1 - d_i / n_i), d_i = exits at duration t_i,
-- n_i = spells with duration >= t_i (a censored spell is at risk up to and including its own
-- duration). Beyond the longest observed duration S keeps its last value. The median is the
-- first event duration with S <= 0.5 (1e-12 tolerance absorbs floating-point error in the
-- product); NULL when S never gets there.
with spells as (
    select start_year, duration_days, is_censored, sex, age_band, municipality_code, education_group
    from {{ ref('unemployment_durations') }}
),

grouped as (
    select start_year, 'all' as breakdown, 'all' as group_value, duration_days, is_censored
    from spells
    union all
    select start_year, 'sex', sex, duration_days, is_censored from spells
    union all
    select start_year, 'age_band', age_band, duration_days, is_censored from spells
    union all
    select start_year, 'municipality', coalesce(municipality_code, 'unknown'), duration_days, is_censored
    from spells
    union all
    select start_year, 'education', education_group, duration_days, is_censored from spells
),

per_duration as (
    select
        start_year,
        breakdown,
        group_value,
        duration_days,
        count(*) as spells_at_duration,
        count(*) filter (where not is_censored) as events
    from grouped
    group by start_year, breakdown, group_value, duration_days
),

at_risk as (
    select
        *,
        sum(spells_at_duration) over (
            partition by start_year, breakdown, group_value
            order by duration_days desc
            rows unbounded preceding
        ) as n_at_risk
    from per_duration
),

curve as (
    select
        start_year,
        breakdown,
        group_value,
        duration_days,
        product(1.0 - cast(events as double) / n_at_risk) over (
            partition by start_year, breakdown, group_value
            order by duration_days
            rows unbounded preceding
        ) as survival
    from at_risk
    where events > 0
),

totals as (
    select
        start_year,
        breakdown,
        group_value,
        count(*) as spells,
        count(*) filter (where is_censored) as censored_spells
    from grouped
    group by start_year, breakdown, group_value
),

survival_at as (
    select
        t.start_year,
        t.breakdown,
        t.group_value,
        coalesce(arg_max(c.survival, c.duration_days) filter (where c.duration_days <= 91), 1.0)
            as survival_3m,
        coalesce(arg_max(c.survival, c.duration_days) filter (where c.duration_days <= 182), 1.0)
            as survival_6m,
        coalesce(arg_max(c.survival, c.duration_days) filter (where c.duration_days <= 365), 1.0)
            as survival_12m,
        coalesce(arg_max(c.survival, c.duration_days) filter (where c.duration_days <= 730), 1.0)
            as survival_24m,
        min(c.duration_days) filter (where c.survival <= 0.5 + 1e-12) as median_duration_days
    from totals as t
    left join curve as c
        on c.start_year = t.start_year
        and c.breakdown = t.breakdown
        and c.group_value = t.group_value
    group by t.start_year, t.breakdown, t.group_value
)

select
    t.start_year,
    t.breakdown,
    t.group_value,
    cast(t.spells as bigint) as spells,
    cast(t.censored_spells as bigint) as censored_spells,
    s.survival_3m,
    s.survival_6m,
    s.survival_12m,
    s.survival_24m,
    cast(s.median_duration_days as integer) as median_duration_days
from totals as t
inner join survival_at as s
    on s.start_year = t.start_year
    and s.breakdown = t.breakdown
    and s.group_value = t.group_value
order by t.start_year, t.breakdown, t.group_value
