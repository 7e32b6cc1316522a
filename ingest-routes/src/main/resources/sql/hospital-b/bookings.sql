-- Hospital B adapter: fy_jcxx (建册) -> HospitalBookingRow. LMP and EDD are text 'YYYY/MM/DD'.
-- The booking's change stamp is the later of its own and its delivery's (fy_fmjl), so a delivery
-- recorded later re-reads the booking and closes its episode of care.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
-- whole-table reads expected: no index orders the later of two stamps, so each poll reads every
-- booking with its delivery (7-14 ms a batch at 9,000 mothers; AdapterPlan, README "Adding a hospital").
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
          left join fy_fmjl f on f.jcid = j.jcid) s
 where (updated_at, booking_no) > (:#since_ts, :#since_key)
 order by updated_at, booking_no
 limit :#batch_size
