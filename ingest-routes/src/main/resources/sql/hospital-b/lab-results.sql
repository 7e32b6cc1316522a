-- Hospital B adapter: lis_jyjg -> HospitalLabResultRow. Report date is text YYYYMMDD.
-- xmdm (L001 ...) and Chinese qualitative results (阳性 ...) via ConceptMap-hospital-b.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select jgid                                    as result_no,
       brid                                    as patient_no,
       xmdm                                    as item_code,
       jgz                                     as result_value,
       dw                                      as unit,
       to_date(bgrq, 'YYYYMMDD')               as report_date,
       gxsj at time zone 'Asia/Shanghai'       as updated_at
  from lis_jyjg
 where (gxsj at time zone 'Asia/Shanghai', jgid) > (:#since_ts, :#since_key)
 order by updated_at, result_no
 limit :#batch_size
