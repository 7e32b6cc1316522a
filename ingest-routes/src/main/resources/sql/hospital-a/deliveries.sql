-- Hospital A adapter: delivery records -> HospitalDeliveryRow.
-- delivery_time is local time (timestamp without time zone); mode SVD/CS via ConceptMap-hospital-a.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select delivery_no                                   as delivery_no,
       booking_no                                    as booking_no,
       patient_no                                    as patient_no,
       admit_date                                    as admit_date,
       discharge_date                                as discharge_date,
       delivery_time at time zone 'Asia/Shanghai'    as delivery_time,
       gestational_weeks                             as gestational_weeks,
       gestational_days                              as gestational_days,
       mode                                          as mode,
       blood_loss_ml                                 as blood_loss_ml,
       complications                                 as complications,
       updated_at                                    as updated_at
  from delivery_record
 where (updated_at, delivery_no) > (:#since_ts, :#since_key)
 order by updated_at, delivery_no
 limit :#batch_size
