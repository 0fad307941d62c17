-- Roll imports as background jobs. The POST answers at once with the job; a worker on any node
-- claims it (a lease, renewed while it runs, so a job of a node that died is picked up again by
-- another), and the import applies all its rows in one transaction at the end, so a job that is
-- interrupted and run again is never half-applied. The uploaded file and the report (which holds
-- the one-time passwords) live in the blob store; the report is deleted when it expires.
create table import_job (
  id              uuid primary key,
  owner_id        uuid not null,
  owner_name      varchar(128) not null,
  dry_run         boolean not null,
  state           varchar(16) not null,
  input_sha256    varchar(64) not null,
  rows_total      integer not null,
  progress        integer default 0 not null,
  attempts        integer default 0 not null,
  lease_until     timestamp with time zone,
  created_at      timestamp with time zone not null,
  finished_at     timestamp with time zone,
  report_sha256   varchar(64),
  report_expires  timestamp with time zone,
  summary         varchar(2000),
  failure_code    varchar(64),
  failure_detail  varchar(1000),
  constraint import_job_state_known check (state in ('queued', 'running', 'done', 'failed'))
);
create index import_job_claim on import_job (state, lease_until);
create index import_job_owner on import_job (owner_id, created_at);
