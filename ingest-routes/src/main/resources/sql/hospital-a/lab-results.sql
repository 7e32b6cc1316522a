-- Hospital A adapter: LIS results -> HospitalLabResultRow.
-- item_code (HGB, GLU0, HIV, TP, HBSAG, SERUM) and qualitative values are translated by
-- ConceptMap-hospital-a (fields lab-item and lab-result).
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select result_no             as result_no,
       patient_no            as patient_no,
       item_code             as item_code,
       result_value          as result_value,
       unit                  as unit,
       report_date           as report_date,
       updated_at            as updated_at
  from lab_result
 where (updated_at, result_no) > (:#since_ts, :#since_key)
 order by updated_at, result_no
 limit :#batch_size
