-- Hospital A adapter: patient master -> HospitalPatientRow.
-- Column aliases are the record's components in snake case; local codes are translated by
-- the hospital's code map (fhir/conformance/ConceptMap-hospital-a.json in mappings).
-- Parameters: :#since_ts, :#since_key (the watermark), :#batch_size.
select patient_no                    as patient_no,
       full_name                     as full_name,
       id_card_no                    as resident_id,
       birth_date                    as birth_date,
       sex                           as sex,
       mobile                        as phone,
       updated_at                    as updated_at
  from patient
 where (updated_at, patient_no) > (:#since_ts, :#since_key)
 order by updated_at, patient_no
 limit :#batch_size
