-- Hospital A adapter: newborn records -> HospitalNewbornRow. The mother is the delivery's patient.
-- The mother's resident ID and name are joined for the birth linkage keys.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select n.newborn_no                                  as newborn_no,
       n.delivery_no                                 as delivery_no,
       d.patient_no                                  as mother_patient_no,
       m.id_card_no                                  as mother_resident_id,
       m.full_name                                   as mother_name,
       n.birth_order                                 as birth_order,
       n.sex                                         as sex,
       n.birth_time at time zone 'Asia/Shanghai'     as birth_time,
       n.weight_g                                    as weight_g,
       n.length_cm                                   as length_cm,
       n.apgar_1                                     as apgar1,
       n.apgar_5                                     as apgar5,
       n.updated_at                                  as updated_at
  from newborn n
  left join delivery_record d on d.delivery_no = n.delivery_no
  left join patient m on m.patient_no = d.patient_no
 where (n.updated_at, n.newborn_no) > (:#since_ts, :#since_key)
 order by n.updated_at, n.newborn_no
 limit :#batch_size
