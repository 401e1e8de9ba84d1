-- Every month from the first month of data (the month of the earliest start of any jobseeker
-- period or service row, te or kunta, among rows not ignored) to the month of as_of, with its
-- reference day E (the month end, or as_of itself in the month of as_of) and the window
-- bounds the indicators use, computed once per month.
with starts as (
    select start_date from {{ ref('stg_te__jobseeker_periods') }}
    union all
    select start_date from {{ ref('stg_te__services') }}
    union all
    select start_date from {{ ref('stg_kunta__services') }}
),

bounds as (
    select date_trunc('month', min(start_date)) as first_month from starts
),

months as (
    select cast(unnest(generate_series(
        first_month, date_trunc('month', {{ as_of() }}), interval 1 month
    )) as date) as month
    from bounds
    where first_month is not null
),

reference_days as (
    select month, cast(least(last_day(month), {{ as_of() }}) as date) as reference_day
    from months
)

select
    month,
    reference_day,
    {{ add_months('reference_day', -3) }} as minus_3_months,
    {{ add_months('reference_day', -12) }} as minus_12_months,
    {{ add_months('reference_day', -16) }} as minus_16_months
from reference_days
