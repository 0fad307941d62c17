-- The media pipeline: transcode jobs, the renditions they publish, captions and chapters, and the
-- offline packs built from them.

-- One job per resource file version. A worker claims it with a lease it renews while ffmpeg runs;
-- a claim id makes a worker whose lease ran out (and whose job another node took over) unable to
-- write to it. The last failure's reason is kept while the job is tried again.
create table media_job (
  id              uuid primary key,
  resource_id     uuid not null references resource (id),
  file_version    integer not null,
  source_sha256   varchar(64) not null,
  state           varchar(16) not null,
  stage           varchar(32),
  progress        integer default 0 not null,
  attempts        integer default 0 not null,
  claim_id        uuid,
  lease_until     timestamp with time zone,
  created_at      timestamp with time zone not null,
  started_at      timestamp with time zone,
  finished_at     timestamp with time zone,
  failure_code    varchar(64),
  failure_detail  varchar(1000),
  probe           varchar(2000),
  constraint media_job_once unique (resource_id, file_version),
  constraint media_job_state_known
    check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
  constraint media_job_progress_range check (progress between 0 and 1000)
);
create index media_job_claim on media_job (state, lease_until);

-- A published ladder: written in the same transaction as all its files' rows, so a resource is
-- "ready for low bandwidth" only when every rung, the offline file and the pictures are there.
create table media_rendition (
  resource_id   uuid not null references resource (id),
  file_version  integer not null,
  duration_ms   bigint not null,
  variants      varchar(4000) not null,
  offline_name  varchar(32) not null,
  created_at    timestamp with time zone not null,
  primary key (resource_id, file_version)
);

-- Every file of a published ladder, by its name in the HLS tree (240p/seg_00001.m4s).
create table media_file (
  resource_id   uuid not null,
  file_version  integer not null,
  name          varchar(200) not null,
  sha256        varchar(64) not null,
  size_bytes    bigint not null,
  content_type  varchar(128) not null,
  primary key (resource_id, file_version, name)
);

-- Captions per language, uploaded by teachers (stored as WebVTT).
create table media_caption (
  resource_id   uuid not null references resource (id),
  lang          varchar(8) not null,
  sha256        varchar(64) not null,
  size_bytes    bigint not null,
  updated_by    uuid not null,
  updated_at    timestamp with time zone not null,
  primary key (resource_id, lang)
);

-- Chapters of a lesson: a JSON list of {start, title}.
create table media_chapters (
  resource_id   uuid primary key references resource (id),
  chapters      varchar(16000) not null,
  updated_by    uuid not null,
  updated_at    timestamp with time zone not null
);

-- Offline packs built so far, keyed by a hash of what they hold: built once, then served with
-- Range from the blob store, so a school's overnight download resumes where the link dropped.
create table media_pack (
  pack_key     varchar(64) primary key,
  sha256       varchar(64) not null,
  size_bytes   bigint not null,
  created_at   timestamp with time zone not null
);

-- How far each follower has read a change-log topic (the job feed follows the catalogue).
create table change_cursor (
  follower   varchar(64) primary key,
  seq        bigint not null
);
