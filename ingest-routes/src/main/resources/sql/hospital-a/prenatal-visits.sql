-- Hospital A adapter: prenatal visits -> HospitalPrenatalVisitRow.
-- The visit's pregnancy is the patient's booking whose LMP..EDD (+3 weeks) holds the visit date.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select v.visit_no            as visit_no,
       v.patient_no          as patient_no,
       b.booking_no          as booking_no,
       v.visit_date          as visit_date,
       v.gestational_weeks   as gestational_weeks,
       v.sbp                 as systolic_mm_hg,
       v.dbp                 as diastolic_mm_hg,
       v.weight_kg           as weight_kg,
       v.fundal_height_cm    as fundal_height_cm,
       v.fetal_heart_rate    as fetal_heart_rate,
       v.updated_at          as updated_at
  from prenatal_visit v
  left join lateral (
         select booking_no
           from pregnancy_booking pb
          where pb.patient_no = v.patient_no
            and v.visit_date between pb.lmp and pb.edd + 21
          order by pb.booking_date desc
          limit 1) b on true
 where (v.updated_at, v.visit_no) > (:#since_ts, :#since_key)
 order by v.updated_at, v.visit_no
 limit :#batch_size
