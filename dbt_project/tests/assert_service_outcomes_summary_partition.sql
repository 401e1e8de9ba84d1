-- The five situations partition the evaluated episodes of every summary group (indicators.md
-- §5), and every group has exactly the five situations.
select source, service_code, end_year, horizon_months, sum(count) as counted, max(evaluated) as evaluated
from {{ ref('service_outcomes_summary') }}
group by source, service_code, end_year, horizon_months
having sum(count) <> max(evaluated) or count(*) <> 5 or min(evaluated) <> max(evaluated)
