-- 名师课堂 as a research community: studios (名师工作室) and the lesson plans their members prepare
-- together (集体备课): every saved edit a version, comments threaded by paragraph, one final version
-- published to the repository.

create table studio (
  id          uuid primary key,
  group_id    uuid not null references education_group (id),
  name        varchar(200) not null,
  subject     varchar(32) not null,
  stage       varchar(16) not null,
  lead_id     uuid not null references app_user (id),
  term_plan   varchar(8000),
  rubric      varchar(400) not null,
  created_by  uuid not null,
  created_at  timestamp with time zone not null,
  version     integer default 0 not null,
  constraint studio_name_unique unique (group_id, name),
  constraint studio_stage_known check (stage in ('primary', 'junior', 'senior'))
);

create table studio_member (
  studio_id   uuid not null references studio (id),
  user_id     uuid not null references app_user (id),
  added_by    uuid not null,
  added_at    timestamp with time zone not null,
  primary key (studio_id, user_id)
);
create index studio_member_user on studio_member (user_id);

-- A lesson plan being prepared: who will teach it, optionally the session it is for and the
-- chapter it belongs to; final_version and resource_id once it is published.
create table lesson_plan (
  id             uuid primary key,
  studio_id      uuid not null references studio (id),
  title          varchar(400) not null,
  title_bo       varchar(400),
  teacher_id     uuid not null references app_user (id),
  grade          integer,
  node_id        uuid,
  latest         integer not null,
  final_version  integer,
  resource_id    uuid,
  created_by     uuid not null,
  created_at     timestamp with time zone not null,
  constraint lesson_plan_grade check (grade is null or grade between 1 and 12)
);
create index lesson_plan_studio on lesson_plan (studio_id);

create table lesson_plan_version (
  plan_id     uuid not null references lesson_plan (id),
  number      integer not null,
  content     varchar(60000) not null,
  note        varchar(400),
  author_id   uuid not null,
  created_at  timestamp with time zone not null,
  primary key (plan_id, number)
);

-- A comment on one paragraph of one part of a version (or a reply to another comment).
create table lesson_plan_comment (
  id           uuid primary key,
  plan_id      uuid not null references lesson_plan (id),
  version      integer not null,
  section      varchar(32) not null,
  lang         varchar(8) not null,
  paragraph    integer not null,
  parent_id    uuid references lesson_plan_comment (id),
  author_id    uuid not null,
  body         varchar(4000) not null,
  created_at   timestamp with time zone not null,
  resolved_at  timestamp with time zone
);
create index lesson_plan_comment_plan on lesson_plan_comment (plan_id, created_at);

-- A live lesson recorded in its main classroom: the draft lesson video it became (uploaded after
-- class, converted by the media pipeline), and the session it was recorded in.
create table session_recording (
  resource_id  uuid primary key,
  session_id   uuid not null references class_session (id),
  teacher_id   uuid not null references app_user (id),
  created_at   timestamp with time zone not null
);
create index session_recording_session on session_recording (session_id);

-- Lesson critique (评课) of a recorded lesson: comments pinned to a moment of the video, with an
-- optional rubric criterion and score; and the summary a studio's lead writes.
create table lesson_critique (
  id           uuid primary key,
  resource_id  uuid not null references session_recording (resource_id),
  author_id    uuid not null references app_user (id),
  at_second    integer not null,
  criterion    varchar(32),
  score        integer,
  body         varchar(4000) not null,
  created_at   timestamp with time zone not null,
  constraint lesson_critique_at check (at_second between 0 and 86400),
  constraint lesson_critique_score check (score is null or score between 1 and 5)
);
create index lesson_critique_resource on lesson_critique (resource_id, at_second);

create table lesson_critique_summary (
  resource_id  uuid primary key references session_recording (resource_id),
  author_id    uuid not null references app_user (id),
  body         varchar(8000) not null,
  updated_at   timestamp with time zone not null
);

-- Observation (听课): notes an observer takes during a live class, at a moment of it (seconds from
-- its start), against the critique rubric.
create table observation_note (
  id           uuid primary key,
  session_id   uuid not null references class_session (id),
  author_id    uuid not null references app_user (id),
  at_second    integer not null,
  criterion    varchar(32),
  score        integer,
  body         varchar(4000) not null,
  created_at   timestamp with time zone not null,
  constraint observation_note_score check (score is null or score between 1 and 5)
);
create index observation_note_session on observation_note (session_id, at_second);
