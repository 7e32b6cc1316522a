-- Marriage registry adapter: marriage_registration (结婚 and 离婚) -> MarriageRegistrationRow.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select reg_no, reg_type, reg_date, office, male_name, male_id_no, female_name, female_id_no, updated_at
  from marriage_registration
 where (updated_at, reg_no) > (:#since_ts, :#since_key)
 order by updated_at, reg_no
 limit :#batch_size
