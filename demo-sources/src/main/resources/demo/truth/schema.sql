-- Ground truth of the synthetic population, written beside the sources. Never read by the
-- platform; tests compare what the platform made of the sources with it.

create table if not exists person (
  person_id      varchar(24) primary key,
  role           varchar(8) not null,      -- mother / husband / child
  full_name      varchar(40) not null,
  sex            char(1) not null,         -- F / M
  birth_date     date not null,
  resident_id    varchar(18),
  division_code  char(6) not null
);

create table if not exists pregnancy (
  pregnancy_id       varchar(24) primary key,
  mother_id          varchar(24) not null references person (person_id) deferrable initially deferred,
  hospital           varchar(16) not null,
  lmp                date not null,
  booking_date       date,
  visits             integer not null,
  delivery_time      timestamp,
  mode               varchar(10),
  babies             smallint,
  postpartum_visits  integer not null
);

create table if not exists link (
  kind          varchar(16) not null,      -- spouse / mother-child
  from_person   varchar(24) not null references person (person_id) deferrable initially deferred,
  to_person     varchar(24) not null references person (person_id) deferrable initially deferred,
  primary key (kind, from_person, to_person)
);

-- Which source record describes which true person or pregnancy.
create table if not exists source_record (
  source         varchar(20) not null,
  entity         varchar(24) not null,
  source_key     varchar(40) not null,
  person_id      varchar(24),
  pregnancy_id   varchar(24),
  primary key (source, entity, source_key)
);

-- Records the generator made faulty on purpose, and the reason code the platform must give.
create table if not exists rejection (
  source         varchar(20) not null,
  entity         varchar(24) not null,
  source_key     varchar(40) not null,
  reason         varchar(32) not null,
  primary key (source, entity, source_key, reason)
);

-- Faults that must NOT be rejected (the platform repairs or tolerates them).
create table if not exists tolerated_fault (
  source         varchar(20) not null,
  entity         varchar(24) not null,
  source_key     varchar(40) not null,
  fault          varchar(32) not null,     -- ID_15_DIGIT / DUPLICATE_ROW / DEMOGRAPHIC_VARIANT
  primary key (source, entity, source_key, fault)
);

-- Expected indicator values per district (mother's registration) and year (of delivery).
create table if not exists indicator (
  indicator      varchar(40) not null,
  district       char(6) not null,
  year           smallint not null,
  numerator      integer not null,
  denominator    integer not null,
  primary key (indicator, district, year)
);
