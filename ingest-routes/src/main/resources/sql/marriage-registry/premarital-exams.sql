-- Marriage registry adapter: premarital_exam -> PremaritalExamRow. sex and result via
-- ConceptMap-marriage-registry.
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select exam_no, institution, exam_date, person_name, id_no, sex, result, updated_at
  from premarital_exam
 where (updated_at, exam_no) > (:#since_ts, :#since_key)
 order by updated_at, exam_no
 limit :#batch_size
