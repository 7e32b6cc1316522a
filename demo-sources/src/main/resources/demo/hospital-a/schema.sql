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
  patient_no        varchar(20) not null references patient (patient_no) deferrable initially deferred,
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

-- Measurements added in a later HIS release.
alter table prenatal_visit add column if not exists fundal_height_cm numeric(4, 1);  -- 宫底高度
alter table prenatal_visit add column if not exists fetal_heart_rate smallint;        -- 胎心率

create table if not exists pregnancy_booking (                -- 孕产妇建册
  booking_no   varchar(24) primary key,
  patient_no   varchar(20) not null references patient (patient_no) deferrable initially deferred,
  booking_date date not null,
  lmp          date,                                          -- 末次月经
  edd          date,                                          -- 预产期
  gravida      smallint,                                      -- 孕次
  parity       smallint,                                      -- 产次
  updated_at   timestamptz not null default now()
);

create table if not exists risk_assessment (                  -- 妊娠风险评估
  assessment_no varchar(24) primary key,
  booking_no    varchar(24) not null references pregnancy_booking (booking_no) deferrable initially deferred,
  assess_date   date not null,
  colour        varchar(6) not null,                          -- green/yellow/orange/red
  infectious    boolean not null default false,               -- purple beside the colour
  factors       text,
  updated_at    timestamptz not null default now()
);

create table if not exists lab_result (                       -- 检验结果 (LIS)
  result_no    varchar(24) primary key,
  patient_no   varchar(20) not null references patient (patient_no) deferrable initially deferred,
  item_code    varchar(10) not null,                          -- HGB, GLU0, HIV, TP, HBSAG, SERUM
  result_value varchar(20),
  unit         varchar(10),
  report_date  date not null,
  updated_at   timestamptz not null default now()
);

create table if not exists delivery_record (                  -- 分娩记录 (inpatient)
  delivery_no       varchar(24) primary key,
  booking_no        varchar(24) references pregnancy_booking (booking_no) deferrable initially deferred,
  patient_no        varchar(20) not null references patient (patient_no) deferrable initially deferred,
  admit_date        date not null,
  discharge_date    date,
  delivery_time     timestamp not null,                       -- local time
  gestational_weeks smallint,
  gestational_days  smallint,
  mode              varchar(4) not null,                      -- SVD vaginal, CS caesarean
  blood_loss_ml     integer,
  complications     text,
  updated_at        timestamptz not null default now()
);

create table if not exists newborn (                          -- 新生儿记录
  newborn_no    varchar(28) primary key,
  delivery_no   varchar(24) not null references delivery_record (delivery_no) deferrable initially deferred,
  birth_order   smallint not null,
  sex           char(1),                                      -- F / M
  birth_time    timestamp not null,
  weight_g      integer,
  length_cm     smallint,
  apgar_1       smallint,
  apgar_5       smallint,
  updated_at    timestamptz not null default now()
);

create table if not exists postpartum_visit (                 -- 产后访视
  visit_no     varchar(28) primary key,
  delivery_no  varchar(24) not null references delivery_record (delivery_no) deferrable initially deferred,
  visit_date   date not null,
  updated_at   timestamptz not null default now()
);

-- What a hospital's database would have for the platform's adapters (ours to ask for, theirs to
-- add, or on a read replica): each polled table pages by (change stamp, key) in that order, a
-- visit finds its booking by patient, and a booking its delivery. Without them every batch sorts all rows after the watermark
-- and each visit scans every booking, so a backfill slows with the square of the hospital's size.
create index if not exists pregnancy_booking_patient on pregnancy_booking (patient_no);
create index if not exists pregnancy_booking_updated on pregnancy_booking (updated_at, booking_no);
create index if not exists risk_assessment_updated on risk_assessment (updated_at, assessment_no);
create index if not exists lab_result_updated on lab_result (updated_at, result_no);
create index if not exists delivery_record_updated on delivery_record (updated_at, delivery_no);
create index if not exists delivery_record_booking on delivery_record (booking_no);
create index if not exists newborn_updated on newborn (updated_at, newborn_no);
create index if not exists postpartum_visit_updated on postpartum_visit (updated_at, visit_no);
