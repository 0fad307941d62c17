-- The timetable of cross-school synchronous classes (专递课堂 / 同步课堂).
--
-- Wall-clock times of a school's bells are minutes after local midnight (Asia/Shanghai, which has
-- no daylight saving); a session itself is stored in absolute time (timestamp with time zone) and
-- each school is shown its own period for it.

-- A school's bell times: one row per weekday (1 = Monday .. 7 = Sunday, ISO) and period. Paired
-- schools ring at different times, so every school has its own grid.
create table period_slot (
  school_id     uuid not null references school (id),
  weekday       integer not null,
  period        integer not null,
  label         varchar(64) not null,
  start_minute  integer not null,
  end_minute    integer not null,
  primary key (school_id, weekday, period),
  constraint period_slot_weekday check (weekday between 1 and 7),
  constraint period_slot_period check (period between 1 and 16),
  constraint period_slot_times check (start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute)
);

-- A term of an education group: its first and last teaching day, holidays and make-up workdays
-- (调休: a weekend day taught as the weekday named in teaches_as).
create table term (
  id          uuid primary key,
  group_id    uuid not null references education_group (id),
  name        varchar(400) not null,
  first_day   date not null,
  last_day    date not null,
  version     integer default 0 not null,
  created_at  timestamp with time zone not null,
  constraint term_name_unique unique (group_id, name),
  constraint term_days check (first_day <= last_day)
);

create table term_day (
  term_id     uuid not null references term (id),
  teaching_day  date not null,
  kind        varchar(16) not null,
  teaches_as  integer,
  label       varchar(400),
  primary key (term_id, teaching_day),
  constraint term_day_kind check (kind in ('holiday', 'makeup')),
  constraint term_day_makeup check ((kind = 'makeup') = (teaches_as is not null))
);

-- A pairing (结对): a main school's teacher and class teaching receiving classes elsewhere in the
-- group, for one subject and term. Bookings start from a pairing.
create table pairing (
  id                 uuid primary key,
  group_id           uuid not null references education_group (id),
  term_id            uuid not null references term (id),
  subject            varchar(32) not null,
  teacher_id         uuid not null references app_user (id),
  main_classroom_id  uuid not null references classroom (id),
  main_class_id      uuid references school_class (id),
  created_at         timestamp with time zone not null,
  retired_at         timestamp with time zone,
  version            integer default 0 not null
);
create index pairing_group on pairing (group_id, term_id);
create index pairing_teacher on pairing (teacher_id);

create table pairing_receiver (
  pairing_id    uuid not null references pairing (id),
  classroom_id  uuid not null references classroom (id),
  class_id      uuid not null references school_class (id),
  assistant_id  uuid references app_user (id),
  primary key (pairing_id, classroom_id)
);
create index pairing_receiver_class on pairing_receiver (class_id);

-- A weekly series as the coordinator asked for it; its sessions are the truth, the series keeps
-- the pattern (for calendars: one RRULE per weekday) and groups "this and following" changes.
create table session_series (
  id          uuid primary key,
  group_id    uuid not null references education_group (id),
  term_id     uuid not null references term (id),
  pairing_id  uuid references pairing (id),
  weekdays    varchar(32) not null,
  period      integer not null,
  first_day   date not null,
  last_day    date not null,
  created_by  uuid not null,
  created_at  timestamp with time zone not null
);

-- One synchronous class: a main classroom and teacher, 1..N receiving classrooms (below).
-- room_name is the live room (and the Jitsi room when the class is handed to Jitsi).
-- teaching_day and period are where the main school booked it (its own grid); period is null for a
-- session booked by clock time.
create table class_session (
  id                 uuid primary key,
  group_id           uuid not null references education_group (id),
  term_id            uuid not null references term (id),
  series_id          uuid references session_series (id),
  pairing_id         uuid references pairing (id),
  subject            varchar(32) not null,
  title              varchar(400),
  teacher_id         uuid not null references app_user (id),
  main_classroom_id  uuid not null references classroom (id),
  main_class_id      uuid references school_class (id),
  starts_at          timestamp with time zone not null,
  ends_at            timestamp with time zone not null,
  teaching_day       date not null,
  period             integer,
  room_name          varchar(64) not null,
  status             varchar(16) not null,
  version            integer default 0 not null,
  created_at         timestamp with time zone not null,
  updated_at         timestamp with time zone,
  constraint class_session_room unique (room_name),
  constraint class_session_times check (starts_at < ends_at),
  constraint class_session_status check (status in ('booked', 'cancelled'))
);
create index class_session_group_time on class_session (group_id, starts_at);
create index class_session_series on class_session (series_id, starts_at);
create index class_session_teacher on class_session (teacher_id, starts_at);

create table session_receiver (
  session_id    uuid not null references class_session (id),
  classroom_id  uuid not null references classroom (id),
  class_id      uuid not null references school_class (id),
  assistant_id  uuid references app_user (id),
  primary key (session_id, classroom_id)
);
create index session_receiver_classroom on session_receiver (classroom_id);
create index session_receiver_class on session_receiver (class_id);

-- Lesson resources linked to a session (pushed to receiving schools before the class).
create table session_resource (
  session_id   uuid not null references class_session (id),
  resource_id  uuid not null,
  sort_order   integer not null,
  primary key (session_id, resource_id)
);

-- No double booking. Every bookable thing (teacher, classroom, class, assistant) has one lock row
-- here; a booking locks all of its rows in id order (SELECT ... ORDER BY id FOR UPDATE), then
-- looks for overlapping holds. Exclusion constraints and SERIALIZABLE would do this on PostgreSQL
-- only, not on H2.
create table schedule_lock (
  id    uuid primary key,
  kind  varchar(16) not null
);

-- What each booked session occupies: one row per session and resource. Cancelled sessions hold
-- nothing. The overlap check reads one resource's holds starting in a bounded window before the
-- new session (sessions are at most schedule's maximum length), so it costs the same however
-- large the timetable grows.
create table session_hold (
  session_id   uuid not null references class_session (id),
  resource_id  uuid not null,
  kind         varchar(16) not null,
  starts_at    timestamp with time zone not null,
  ends_at      timestamp with time zone not null,
  primary key (session_id, resource_id)
);
create index session_hold_resource on session_hold (resource_id, starts_at);

-- Secret calendar feed URLs (.ics). Only the SHA-256 of the secret is stored; revoking sets
-- revoked_at and the URL stops working at once.
create table calendar_feed (
  id          uuid primary key,
  token_hash  varchar(64) not null,
  owner_kind  varchar(16) not null,
  owner_id    uuid not null,
  group_id    uuid not null,
  created_by  uuid not null,
  created_at  timestamp with time zone not null,
  revoked_at  timestamp with time zone,
  constraint calendar_feed_token unique (token_hash),
  constraint calendar_feed_kind check (owner_kind in ('teacher', 'classroom', 'school'))
);
create index calendar_feed_owner on calendar_feed (owner_id);

-- Conferences Jitsi's Prosody opened through the reservation API (INTEROP.md section C): one per
-- session, with a stable numeric id, so re-creating a room answers the same booking.
create table jitsi_conference (
  id          bigint primary key,
  session_id  uuid not null references class_session (id),
  room        varchar(200) not null,
  mail_owner  varchar(400) not null,
  start_time  timestamp with time zone not null,
  active      boolean not null,
  constraint jitsi_conference_session unique (session_id)
);

-- Who was in the room: marked per student by the on-site assistant or a teacher.
create table attendance (
  session_id  uuid not null references class_session (id),
  class_id    uuid not null references school_class (id),
  student_id  uuid not null references app_user (id),
  present     boolean not null,
  marked_by   uuid not null,
  marked_at   timestamp with time zone not null,
  primary key (session_id, student_id)
);
create index attendance_class on attendance (class_id, session_id);
