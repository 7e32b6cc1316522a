-- Birth registry: birth medical certificates (出生医学证明).

create table if not exists birth_certificate (
  cert_no              varchar(12) primary key,
  child_name           varchar(40),
  sex                  char(1) not null,             -- M / F
  birth_time           timestamp not null,           -- local time
  birth_place          varchar(40) not null,         -- institution of birth
  gestational_weeks    smallint,
  weight_g             integer,
  length_cm            smallint,
  mother_name          varchar(40) not null,
  mother_id_no         varchar(18),
  mother_nationality   varchar(20) not null,
  mother_ethnicity     varchar(10),
  father_name          varchar(40),
  father_id_no         varchar(18),
  father_nationality   varchar(20),
  father_ethnicity     varchar(10),
  issuer               varchar(40) not null,
  issue_date           date not null,
  updated_at           timestamptz not null default now()
);

-- The adapter pages by (change stamp, key): see hospital-a/schema.sql.
create index if not exists birth_certificate_updated on birth_certificate (updated_at, cert_no);
