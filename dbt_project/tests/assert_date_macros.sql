-- add_months clamps to the month's last day and age_on follows indicators.md (a 29 February
-- birthday is reached on 28 February in common years). Any row returned is a failure.
with month_cases as (
    select * from (values
        ('add_months(2021-08-31, 6)', {{ add_months("date '2021-08-31'", 6) }}, date '2022-02-28'),
        ('add_months(2020-02-29, -12)', {{ add_months("date '2020-02-29'", -12) }}, date '2019-02-28'),
        ('add_months(2021-02-28, -12)', {{ add_months("date '2021-02-28'", -12) }}, date '2020-02-28'),
        ('add_months(2021-06-30, -16)', {{ add_months("date '2021-06-30'", -16) }}, date '2020-02-29'),
        ('add_months(2021-05-31, -3)', {{ add_months("date '2021-05-31'", -3) }}, date '2021-02-28'),
        ('add_months(2020-01-31, 1)', {{ add_months("date '2020-01-31'", 1) }}, date '2020-02-29')
    ) as t(label, actual, expected)
),

age_cases as (
    select * from (values
        ('age_on(1996-02-29, 2021-02-27)', {{ age_on("date '1996-02-29'", "date '2021-02-27'") }}, 24),
        ('age_on(1996-02-29, 2021-02-28)', {{ age_on("date '1996-02-29'", "date '2021-02-28'") }}, 25),
        ('age_on(1980-06-15, 2022-06-14)', {{ age_on("date '1980-06-15'", "date '2022-06-14'") }}, 41),
        ('age_on(1980-06-15, 2022-06-15)', {{ age_on("date '1980-06-15'", "date '2022-06-15'") }}, 42)
    ) as t(label, actual, expected)
)

select label from month_cases where actual is distinct from expected
union all
select label from age_cases where actual is distinct from expected
