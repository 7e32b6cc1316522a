-- The platform's own ingestion state. Lives in the platform's database, never a source's.

create table if not exists ingest_watermark (
  route_id    text primary key,
  updated_at  timestamptz not null,
  row_key     text not null,
  changed_at  timestamptz not null default now()
);

create table if not exists ingest_dead_letter (
  id           bigserial primary key,
  route_id     text not null,
  source       text not null,
  entity       text not null,
  -- The record's key in its source system, so it can be found and fixed there.
  source_key   text not null,
  reason       text not null,
  message      text not null,
  first_seen   timestamptz not null default now(),
  last_seen    timestamptz not null default now(),
  occurrences  integer not null default 1,
  unique (source, entity, source_key, reason)
);

-- Records kept despite a flaw (e.g. an optional field's local code the code map does not know),
-- one row per record, field and reason: the per-source data-quality report counts them.
create table if not exists ingest_quality_issue (
  source       text not null,
  entity       text not null,
  source_key   text not null,
  field        text not null,
  reason       text not null,
  first_seen   timestamptz not null default now(),
  last_seen    timestamptz not null default now(),
  primary key (source, entity, source_key, field, reason)
);

-- A dead letter is resolved when its record is later written (the source fixed it); it is kept,
-- with the time, for the record. Only unresolved rows are open work.
alter table ingest_dead_letter add column if not exists resolved_at timestamptz;

-- Pushed input is kept with its dead letter as it came, encrypted (AES-GCM, PayloadCipher), so it
-- can be looked at and replayed after a fix. Polled rows stay in their source: no payload.
alter table ingest_dead_letter add column if not exists payload bytea;
alter table ingest_dead_letter add column if not exists payload_type text;

-- One row per file taken from a drop folder: what became of it.
create table if not exists ingest_file_report (
  id            bigserial primary key,
  route_id      text not null,
  file_name     text not null,
  moved_to      text not null,
  status        text not null,
  records       integer not null,
  written       integer not null,
  dead_letters  integer not null,
  message       text,
  processed_at  timestamptz not null default now()
);

-- Every source row a polling route has handled (written or dead-lettered), with the change stamp
-- it had: the late-row sweep writes only rows missing here or changed since.
create table if not exists ingest_seen (
  route_id    text not null,
  row_key     text not null,
  updated_at  timestamptz not null,
  primary key (route_id, row_key)
);
