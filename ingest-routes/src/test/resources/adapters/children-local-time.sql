-- A test adapter that reads its table whole on purpose: it pages by the change stamp in local
-- time, which no index of the demo schema holds (hospital B's adapters page so, on indexes made
-- for it).
-- whole-table reads expected: a test of the comment that says so.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select child_id, updated_at at time zone 'Asia/Shanghai' as updated_local
  from child
 where (updated_at at time zone 'Asia/Shanghai', child_id) > (:#since_ts at time zone 'Asia/Shanghai', :#since_key)
 order by updated_local, child_id
 limit :#batch_size
