-- Child-health adapter: newborn_screening -> NewbornScreeningRow. Results via ConceptMap-child-health.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select screening_id, child_id, screening_date, pku, hypothyroidism, hearing_left, hearing_right, cchd, updated_at
  from newborn_screening
 where (updated_at, screening_id) > (:#since_ts, :#since_key)
 order by updated_at, screening_id
 limit :#batch_size
