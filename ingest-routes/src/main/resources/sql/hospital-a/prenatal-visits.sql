-- Hospital A adapter: prenatal visits -> HospitalPrenatalVisitRow.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select visit_no            as visit_no,
       patient_no          as patient_no,
       visit_date          as visit_date,
       gestational_weeks   as gestational_weeks,
       sbp                 as systolic_mm_hg,
       dbp                 as diastolic_mm_hg,
       weight_kg           as weight_kg,
       updated_at          as updated_at
  from prenatal_visit
 where (updated_at, visit_no) > (:#since_ts, :#since_key)
 order by updated_at, visit_no
 limit :#batch_size
