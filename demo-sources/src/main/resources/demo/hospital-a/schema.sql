-- Hospital A (市妇幼保健院): a municipal MCH hospital's HIS tables, as the vendor made them.
-- This is the SOURCE system; the platform only reads it.

create table if not exists patient (
  patient_no   varchar(20) primary key,          -- 门诊号
  full_name    varchar(50) not null,             -- 姓名, one field
  id_card_no   varchar(18),                      -- 身份证号 (GB 11643)
  birth_date   date,
  sex          char(1),                          -- 'F' / 'M'
  mobile       varchar(20),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

create table if not exists prenatal_visit (
  visit_no          varchar(24) primary key,     -- 就诊流水号
  patient_no        varchar(20) not null references patient (patient_no),
  visit_date        date not null,
  gestational_weeks smallint,                    -- 孕周
  sbp               smallint,                    -- 收缩压 mmHg
  dbp               smallint,                    -- 舒张压 mmHg
  weight_kg         numeric(5, 1),               -- 体重
  doctor_name       varchar(30),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);

create index if not exists patient_updated on patient (updated_at, patient_no);
create index if not exists prenatal_visit_updated on prenatal_visit (updated_at, visit_no);

-- The HIS stamps every change, which is what incremental extraction relies on.
create or replace function touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := clock_timestamp();
  return new;
end $$;

drop trigger if exists patient_touch on patient;
create trigger patient_touch before update on patient
  for each row execute function touch_updated_at();

drop trigger if exists prenatal_visit_touch on prenatal_visit;
create trigger prenatal_visit_touch before update on prenatal_visit
  for each row execute function touch_updated_at();
