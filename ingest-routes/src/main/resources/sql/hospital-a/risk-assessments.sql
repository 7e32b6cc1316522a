-- Hospital A adapter: pregnancy risk assessments -> HospitalRiskAssessmentRow.
-- colour is green/yellow/orange/red (ConceptMap-hospital-a, field risk-colour); infectious marks
-- purple beside it. Factors are already ';'-separated.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select r.assessment_no       as assessment_no,
       r.booking_no          as booking_no,
       b.patient_no          as patient_no,
       r.assess_date         as assess_date,
       r.colour              as colour,
       r.infectious          as infectious,
       r.factors             as factors,
       r.updated_at          as updated_at
  from risk_assessment r
  left join pregnancy_booking b on b.booking_no = r.booking_no
 where (r.updated_at, r.assessment_no) > (:#since_ts, :#since_key)
 order by r.updated_at, r.assessment_no
 limit :#batch_size
