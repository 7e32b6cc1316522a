-- Civil-affairs marriage registry (民政婚姻登记) and premarital medical examinations (婚前医学检查)
-- recorded by MCH institutions.

create table if not exists marriage_registration (
  reg_no         varchar(20) primary key,
  reg_type       varchar(4) not null,      -- 结婚 marriage / 离婚 divorce
  reg_date       date not null,
  office         varchar(40) not null,
  male_name      varchar(40) not null,
  male_id_no     varchar(18) not null,
  female_name    varchar(40) not null,
  female_id_no   varchar(18) not null,
  updated_at     timestamptz not null default now()
);

create table if not exists premarital_exam (
  exam_no        varchar(20) primary key,
  institution    varchar(40) not null,
  exam_date      date not null,
  person_name    varchar(40) not null,
  id_no          varchar(18) not null,
  sex            char(1) not null,         -- M / F
  result         varchar(20) not null,     -- 未发现异常 / 建议暂缓 / ...
  updated_at     timestamptz not null default now()
);

-- The adapters page by (change stamp, key): see hospital-a/schema.sql.
create index if not exists marriage_registration_updated on marriage_registration (updated_at, reg_no);
create index if not exists premarital_exam_updated on premarital_exam (updated_at, exam_no);
