-- Hospital B adapter: his_brjbxx (another vendor's patient master) -> HospitalPatientRow.
-- Local codes (xb 1 male, 2 female) are translated by ConceptMap-hospital-b.json. Birth date is text YYYYMMDD. gxsj is local time.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select brid                                     as patient_no,
       xm                                       as full_name,
       sfzh                                     as resident_id,
       to_date(csrq, 'YYYYMMDD')                as birth_date,
       xb                                       as sex,
       lxdh                                     as phone,
       gxsj at time zone 'Asia/Shanghai'        as updated_at
  from his_brjbxx
 where (gxsj at time zone 'Asia/Shanghai', brid) > (:#since_ts, :#since_key)
 order by updated_at, patient_no
 limit :#batch_size
