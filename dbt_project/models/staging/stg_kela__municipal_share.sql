-- kela/tmt_kuntaosuus: monthly files, not snapshots. Per billing month the rows of the loaded
-- file with the highest load_seq (a re-delivered month replaces the earlier delivery), billing
-- months up to the month of as_of.
with loads as (
    select
        src.kuukausi as billing_month,
        src.load_id,
        max(ledger.load_seq) as load_seq
    from {{ source('raw', 'kela_tmt_kuntaosuus') }} as src
    inner join {{ source('raw', 'load_ledger') }} as ledger
        on ledger.load_id = src.load_id and ledger.status = 'loaded'
    group by src.kuukausi, src.load_id
),

newest as (
    select billing_month, load_id
    from loads
    qualify row_number() over (partition by billing_month order by load_seq desc, load_id desc) = 1
)

select
    src.load_id || ':' || cast(src.row_number as varchar) as billing_row_id,
    src.person_id,
    src.kunta as municipality_code,
    src.kuukausi as billing_month,
    src.maksetut_paivat as paid_days,
    src.kertyneet_paivat as cumulative_days,
    src.kuntaosuus_pct as share_pct,
    src.kuntaosuus_eur as euros_billed,
    src.load_id,
    src.file_name,
    src.row_number
from {{ source('raw', 'kela_tmt_kuntaosuus') }} as src
inner join newest
    on newest.billing_month = src.kuukausi and newest.load_id = src.load_id
where src.kuukausi <= date_trunc('month', {{ as_of() }})
