-- Hospital B adapter: fy_cjjl (prenatal visits, no primary key) -> HospitalPrenatalVisitRow.
-- Visit date is text 'YYYY-MM-DD HH24:MI'; gestational age is text like '16+3' (weeks+days).
-- The interface table receives some rows twice: distinct keeps one of each.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select distinct
       jlid                                        as visit_no,
       brid                                        as patient_no,
       to_date(substr(jcrq, 1, 10), 'YYYY-MM-DD')  as visit_date,
       split_part(yz, '+', 1)::integer             as gestational_weeks,
       ssy                                         as systolic_mm_hg,
       szy                                         as diastolic_mm_hg,
       tz                                          as weight_kg,
       gxsj at time zone 'Asia/Shanghai'           as updated_at
  from fy_cjjl
 where (gxsj at time zone 'Asia/Shanghai', jlid) > (:#since_ts, :#since_key)
 order by updated_at, visit_no
 limit :#batch_size
