-- Hospital A adapter: postpartum home visits -> HospitalPostpartumVisitRow.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select p.visit_no            as visit_no,
       p.delivery_no         as delivery_no,
       d.patient_no          as patient_no,
       d.booking_no          as booking_no,
       p.visit_date          as visit_date,
       p.updated_at          as updated_at
  from postpartum_visit p
  left join delivery_record d on d.delivery_no = p.delivery_no
 where (p.updated_at, p.visit_no) > (:#since_ts, :#since_key)
 order by p.updated_at, p.visit_no
 limit :#batch_size
