-- Community child-health system (社区儿童保健系统): newborn screening and check-ups 0-6 years.

create table if not exists child (
  child_id        varchar(24) primary key,
  name            varchar(40),
  sex             char(1),                 -- M / F
  birth_date      date not null,
  resident_id     varchar(18),             -- after household registration, else null
  birth_cert_no   varchar(12),             -- 出生医学证明编号
  mother_name     varchar(40),
  mother_id_no    varchar(18),
  updated_at      timestamptz not null default now()
);

create table if not exists newborn_screening (    -- 新生儿疾病筛查
  screening_id    varchar(28) primary key,
  child_id        varchar(24) not null references child (child_id) deferrable initially deferred,
  screening_date  date not null,
  pku             varchar(10),             -- normal / abnormal (苯丙酮尿症)
  hypothyroidism  varchar(10),             -- normal / abnormal (先天性甲状腺功能减低症)
  hearing_left    varchar(6),              -- pass / refer
  hearing_right   varchar(6),
  cchd            varchar(10),             -- negative / positive (先天性心脏病)
  updated_at      timestamptz not null default now()
);

create table if not exists checkup (              -- 儿童健康检查
  checkup_id      varchar(28) primary key,
  child_id        varchar(24) not null references child (child_id) deferrable initially deferred,
  checkup_date    date not null,
  age_months      smallint not null,
  height_cm       numeric(5, 1),
  weight_kg       numeric(5, 2),
  head_circ_cm    numeric(4, 1),
  vision          varchar(10),             -- normal / abnormal, from 3 years
  development     varchar(10),             -- pass / refer (development and autism screening)
  updated_at      timestamptz not null default now()
);

-- The adapters page by (change stamp, key): see hospital-a/schema.sql.
create index if not exists child_updated on child (updated_at, child_id);
create index if not exists newborn_screening_updated on newborn_screening (updated_at, screening_id);
create index if not exists checkup_updated on checkup (updated_at, checkup_id);
