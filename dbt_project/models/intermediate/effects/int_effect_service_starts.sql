-- indicators.md §9, comparison: a person who has started a row of C on or before T is no
-- comparison for an entry into C on T. The first start of each code per person says it in one
-- lookup (later starts do not matter: comparisons may start C after T).
select p.person_key, r.service_code, min(r.start_date) as first_start
from {{ ref('int_service_rows') }} as r
inner join {{ ref('int_persons') }} as p
    on p.person_id = r.person_id
group by p.person_key, r.service_code
