-- The lesson and virtual-experiment repository (名师课堂资源): resources with their curriculum
-- position, their files (every replacement kept as a version), resumable uploads, and playback
-- progress.

-- A resource: metadata aligned with the national K-12 platform's dimensions. The owner school and
-- group decide who edits; status and visibility decide who sees: drafts only their school's
-- teachers and the group's coordinators; published ones the group, or everyone when public.
create table resource (
  id              uuid primary key,
  group_id        uuid not null references education_group (id),
  school_id       uuid not null references school (id),
  teacher_id      uuid not null references app_user (id),
  kind            varchar(32) not null,
  title           varchar(400) not null,
  title_bo        varchar(400),
  description     varchar(8000),
  description_bo  varchar(8000),
  languages       varchar(32) not null,
  licence         varchar(64) not null,
  stage           varchar(16) not null,
  grade           integer,
  subject         varchar(32) not null,
  edition         varchar(64),
  volume          varchar(32),
  chapter         varchar(400),
  status          varchar(16) not null,
  visibility      varchar(16) not null,
  duration_s      integer,
  file_version    integer default 0 not null,
  sha256          varchar(64),
  size_bytes      bigint,
  content_type    varchar(128),
  file_name       varchar(400),
  created_at      timestamp with time zone not null,
  updated_at      timestamp with time zone,
  published_at    timestamp with time zone,
  version         integer default 0 not null,
  constraint resource_status_known check (status in ('draft', 'published', 'archived')),
  constraint resource_visibility_known check (visibility in ('group', 'public')),
  constraint resource_grade_range check (grade is null or grade between 1 and 12)
);
create index resource_group on resource (group_id, status);
create index resource_school on resource (school_id);
create index resource_subject on resource (subject, grade);

-- Every file a resource has had, newest last: replacing a file never loses the old one's record.
create table resource_file (
  resource_id   uuid not null references resource (id),
  file_version  integer not null,
  sha256        varchar(64) not null,
  size_bytes    bigint not null,
  content_type  varchar(128) not null,
  file_name     varchar(400),
  uploaded_by   uuid not null,
  created_at    timestamp with time zone not null,
  primary key (resource_id, file_version)
);

-- A tus upload in progress. The bytes are in the blob store's upload session (local file or S3
-- multipart upload), so any node can take the next PATCH; this row says whose it is, for which
-- resource, how long it will be, and when it expires.
create table resource_upload (
  id             varchar(64) primary key,
  blob_upload    varchar(64) not null,
  resource_id    uuid not null references resource (id),
  owner_id       uuid not null,
  length_bytes   bigint not null,
  file_name      varchar(400),
  sha256         varchar(64),
  created_at     timestamp with time zone not null,
  expires_at     timestamp with time zone not null
);
create index resource_upload_expiry on resource_upload (expires_at);

-- Where a viewer stopped, and how much they watched: keyed by a pseudonym (an HMAC of the
-- account id with a server secret), never the account id, so usage can be counted per school and
-- a pupil can resume without the table naming anyone.
create table playback (
  resource_id    uuid not null references resource (id),
  viewer         varchar(64) not null,
  school_id      uuid,
  position_s     integer not null,
  watched_s      integer not null,
  downloads      integer default 0 not null,
  updated_at     timestamp with time zone not null,
  primary key (resource_id, viewer)
);
create index playback_school on playback (school_id, resource_id);

-- The files of an HTML5 experiment package, each stored as its own blob, served from the
-- experiments' separate origin. A single-file experiment (one HTML page) is one entry.
create table experiment_entry (
  resource_id   uuid not null references resource (id),
  file_version  integer not null,
  path          varchar(400) not null,
  sha256        varchar(64) not null,
  size_bytes    bigint not null,
  content_type  varchar(128) not null,
  primary key (resource_id, file_version, path)
);

-- The curriculum tree the national platform files resources by: per textbook edition (版本),
-- subject, grade and volume (册次), chapters (章) and their sections (节), in Chinese with a
-- Tibetan label. A resource may sit at one node.
create table curriculum_node (
  id          uuid primary key,
  edition     varchar(64) not null,
  subject     varchar(32) not null,
  stage       varchar(16) not null,
  grade       integer not null,
  volume      varchar(32) not null,
  parent_id   uuid references curriculum_node (id),
  sort_order  integer not null,
  title       varchar(400) not null,
  title_bo    varchar(400),
  constraint curriculum_node_grade check (grade between 1 and 12)
);
create index curriculum_node_find on curriculum_node (subject, grade, edition);

alter table resource add column node_id uuid references curriculum_node (id);

-- A course: ordered lessons (other resources), shown and played in this order.
create table course_lesson (
  course_id   uuid not null references resource (id),
  sort_order  integer not null,
  lesson_id   uuid not null references resource (id),
  primary key (course_id, sort_order),
  constraint course_lesson_once unique (course_id, lesson_id)
);
