-- Child-health adapter: checkup -> CheckupRow.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select checkup_id, child_id, checkup_date, age_months, height_cm, weight_kg, head_circ_cm, vision, development, updated_at
  from checkup
 where (updated_at, checkup_id) > (:#since_ts, :#since_key)
 order by updated_at, checkup_id
 limit :#batch_size
