-- Hospital A adapter: pregnancy bookings (建册) -> HospitalBookingRow.
-- The delivery of the pregnancy closes its episode of care, so a booking's change stamp is the
-- later of its own and its delivery's: a delivery recorded later re-reads the booking.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
-- No index orders the later of two stamps, so a poll first finds the bookings changed at or after
-- the watermark's stamp, or whose delivery was (each by its table's paging index), and reads only
-- those: the later stamp is past the watermark only if one of the two is.
select *
  from (select b.booking_no                               as booking_no,
               b.patient_no                               as patient_no,
               b.booking_date                             as booking_date,
               b.lmp                                      as lmp,
               b.edd                                      as edd,
               b.gravida                                  as gravida,
               b.parity                                   as parity,
               d.delivery_time::date                      as delivery_date,
               greatest(b.updated_at, d.updated_at)       as updated_at
          from pregnancy_booking b
          left join delivery_record d on d.booking_no = b.booking_no
         where b.booking_no in (select booking_no from pregnancy_booking where updated_at >= :#since_ts
                                union all
                                select booking_no from delivery_record where updated_at >= :#since_ts)) s
 where (updated_at, booking_no) > (:#since_ts, :#since_key)
 order by updated_at, booking_no
 limit :#batch_size
