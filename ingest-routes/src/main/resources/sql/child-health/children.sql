-- Child-health adapter: child -> ChildRow. sex F/M via ConceptMap-child-health.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select child_id, name, sex, birth_date, resident_id, birth_cert_no, mother_name, mother_id_no, updated_at
  from child
 where (updated_at, child_id) > (:#since_ts, :#since_key)
 order by updated_at, child_id
 limit :#batch_size
