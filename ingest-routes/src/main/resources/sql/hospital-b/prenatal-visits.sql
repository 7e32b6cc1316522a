-- Hospital B adapter: fy_cjjl (prenatal visits, no primary key) -> HospitalPrenatalVisitRow.
-- Visit date is text 'YYYY-MM-DD HH24:MI'; gestational age is text like '16+3' (weeks+days).
-- The interface table receives some rows twice: distinct keeps one of each.
-- The visit's pregnancy is the patient's booking (fy_jcxx) whose LMP..EDD (+3 weeks) holds it.
-- Only the next 2 x batch_size rows after the watermark are looked up (a row comes at most twice,
-- so they hold a full batch of distinct rows): the booking lookup runs for those rows, not for
-- every row after the watermark, which made each batch of a backfill slower than the one before.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select distinct *
  from (select v.jlid                                        as visit_no,
               v.brid                                        as patient_no,
               (select j.jcid
                  from fy_jcxx j
                 where j.brid = v.brid
                   and to_date(substr(v.jcrq, 1, 10), 'YYYY-MM-DD')
                       between to_date(j.mcyj, 'YYYY/MM/DD') and to_date(j.ycq, 'YYYY/MM/DD') + 21
                 order by j.jcrq desc
                 limit 1)                                    as booking_no,
               to_date(substr(v.jcrq, 1, 10), 'YYYY-MM-DD')  as visit_date,
               split_part(v.yz, '+', 1)::integer             as gestational_weeks,
               v.ssy                                         as systolic_mm_hg,
               v.szy                                         as diastolic_mm_hg,
               v.tz                                          as weight_kg,
               v.gd                                          as fundal_height_cm,
               v.txl                                         as fetal_heart_rate,
               v.gxsj at time zone 'Asia/Shanghai'           as updated_at
          from (select *
                  from fy_cjjl
                 where (gxsj at time zone 'Asia/Shanghai', jlid) > (:#since_ts, :#since_key)
                 order by gxsj at time zone 'Asia/Shanghai', jlid
                 limit 2 * cast(:#batch_size as bigint)) v) s
 order by updated_at, visit_no
 limit :#batch_size
