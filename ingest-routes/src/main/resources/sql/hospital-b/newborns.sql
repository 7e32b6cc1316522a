-- Hospital B adapter: fy_xse -> HospitalNewbornRow. Birth time is text YYYYMMDDHH24MI, local;
-- xb 1/2 via ConceptMap-hospital-b. The mother is the delivery's patient.
-- The mother's resident ID and name are joined for the birth linkage keys.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select x.xseid                                                                 as newborn_no,
       x.fmid                                                                  as delivery_no,
       f.brid                                                                  as mother_patient_no,
       m.sfzh                                                                  as mother_resident_id,
       m.xm                                                                    as mother_name,
       x.tc                                                                    as birth_order,
       x.xb                                                                    as sex,
       to_timestamp(x.cssj, 'YYYYMMDDHH24MI')::timestamp at time zone 'Asia/Shanghai' as birth_time,
       x.tz                                                                    as weight_g,
       x.sc                                                                    as length_cm,
       x.apgar1                                                                as apgar1,
       x.apgar5                                                                as apgar5,
       x.gxsj at time zone 'Asia/Shanghai'                                     as updated_at
  from fy_xse x
  left join fy_fmjl f on f.fmid = x.fmid
  left join his_brjbxx m on m.brid = f.brid
 where (x.gxsj at time zone 'Asia/Shanghai', x.xseid) > (:#since_ts, :#since_key)
 order by updated_at, newborn_no
 limit :#batch_size
