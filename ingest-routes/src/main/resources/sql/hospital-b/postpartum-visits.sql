-- Hospital B adapter: fy_chfs -> HospitalPostpartumVisitRow.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select c.fsid                                  as visit_no,
       c.fmid                                  as delivery_no,
       f.brid                                  as patient_no,
       f.jcid                                  as booking_no,
       c.fsrq                                  as visit_date,
       c.gxsj at time zone 'Asia/Shanghai'     as updated_at
  from fy_chfs c
  left join fy_fmjl f on f.fmid = c.fmid
 where (c.gxsj at time zone 'Asia/Shanghai', c.fsid) > (:#since_ts, :#since_key)
 order by updated_at, visit_no
 limit :#batch_size
