-- Birth registry adapter: birth_certificate -> BirthCertificateRow. birth_time is local time.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select cert_no, child_name, sex, birth_time at time zone 'Asia/Shanghai' as birth_time, birth_place,
       gestational_weeks, weight_g, length_cm, mother_name, mother_id_no, mother_nationality,
       mother_ethnicity, father_name, father_id_no, father_nationality, father_ethnicity, issuer,
       issue_date, updated_at
  from birth_certificate
 where (updated_at, cert_no) > (:#since_ts, :#since_key)
 order by updated_at, cert_no
 limit :#batch_size
