-- Hospital B adapter: fy_fmjl -> HospitalDeliveryRow. Delivery time is text YYYYMMDDHH24MI in
-- local time; gestational age is text like '39+2'; fmfs 01/02 via ConceptMap-hospital-b.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select fmid                                                                   as delivery_no,
       jcid                                                                   as booking_no,
       brid                                                                   as patient_no,
       rysj                                                                   as admit_date,
       cysj                                                                   as discharge_date,
       to_timestamp(fmsj, 'YYYYMMDDHH24MI')::timestamp at time zone 'Asia/Shanghai' as delivery_time,
       split_part(yz, '+', 1)::integer                                        as gestational_weeks,
       nullif(split_part(yz, '+', 2), '')::integer                            as gestational_days,
       fmfs                                                                   as mode,
       cxl                                                                    as blood_loss_ml,
       replace(bfz, '、', ';')                                                as complications,
       gxsj at time zone 'Asia/Shanghai'                                      as updated_at
  from fy_fmjl
 where (gxsj at time zone 'Asia/Shanghai', fmid) > (:#since_ts, :#since_key)
 order by updated_at, delivery_no
 limit :#batch_size
