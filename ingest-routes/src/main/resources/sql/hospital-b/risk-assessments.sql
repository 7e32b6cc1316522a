-- Hospital B adapter: fy_gwpg (one row per colour) -> HospitalRiskAssessmentRow.
-- ysdm 1-5 (5 purple) via ConceptMap-hospital-b, field risk-colour; factors separated by '、'.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select g.pgid                                  as assessment_no,
       g.jcid                                  as booking_no,
       j.brid                                  as patient_no,
       g.pgrq                                  as assess_date,
       g.ysdm                                  as colour,
       false                                   as infectious,
       replace(g.gwys, '、', ';')              as factors,
       g.gxsj at time zone 'Asia/Shanghai'     as updated_at
  from fy_gwpg g
  left join fy_jcxx j on j.jcid = g.jcid
 where (g.gxsj at time zone 'Asia/Shanghai', g.pgid) > (:#since_ts, :#since_key)
 order by updated_at, assessment_no
 limit :#batch_size
