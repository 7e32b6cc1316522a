-- Hospital B adapter: fy_jcxx (建册) -> HospitalBookingRow. LMP and EDD are text 'YYYY/MM/DD'.
-- The booking's change stamp is the later of its own and its delivery's (fy_fmjl), so a delivery
-- recorded later re-reads the booking and closes its episode of care.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
-- No index orders the later of two stamps, so a poll first finds the bookings changed at or after
-- the watermark's stamp, or whose delivery was (each by its table's paging index), and reads only
-- those: the later stamp is past the watermark only if one of the two is.
select *
  from (select j.jcid                                             as booking_no,
               j.brid                                             as patient_no,
               j.jcrq                                             as booking_date,
               to_date(j.mcyj, 'YYYY/MM/DD')                      as lmp,
               to_date(j.ycq, 'YYYY/MM/DD')                       as edd,
               j.yc                                               as gravida,
               j.cc                                               as parity,
               to_date(substr(f.fmsj, 1, 8), 'YYYYMMDD')          as delivery_date,
               greatest(j.gxsj, f.gxsj) at time zone 'Asia/Shanghai' as updated_at
          from fy_jcxx j
          left join fy_fmjl f on f.jcid = j.jcid
         where j.jcid in (select jcid from fy_jcxx where gxsj at time zone 'Asia/Shanghai' >= :#since_ts
                          union all
                          select jcid from fy_fmjl where gxsj at time zone 'Asia/Shanghai' >= :#since_ts)) s
 where (updated_at, booking_no) > (:#since_ts, :#since_key)
 order by updated_at, booking_no
 limit :#batch_size
