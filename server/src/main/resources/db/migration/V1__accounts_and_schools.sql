-- Foundation schema: education groups, schools, classrooms, classes, accounts.
-- One text for H2 (PostgreSQL mode, lower-case identifiers) and PostgreSQL: only types and
-- constraints both understand. Ids are UUIDs made by the application, so rows can be created
-- on any node without a sequence round trip.
-- Text columns are twice the length the application allows (it counts code points): H2 counts
-- UTF-16 units, and rare characters in Chinese personal names (CJK Extension B) take two.

create table education_group (
  id          uuid primary key,
  name        varchar(400) not null,
  created_at  timestamp with time zone not null,
  constraint education_group_name_unique unique (name)
);

-- A school sits in one education group. Region is the prefecture (州/市) and county (县/区);
-- setting says whether it teaches (urban) or mostly receives (rural, pastoral).
create table school (
  id          uuid primary key,
  group_id    uuid not null references education_group (id),
  name        varchar(400) not null,
  prefecture  varchar(200) not null,
  county      varchar(200) not null,
  setting     varchar(16) not null,
  created_at  timestamp with time zone not null,
  constraint school_name_unique unique (name),
  constraint school_setting_known check (setting in ('urban', 'rural', 'pastoral'))
);
create index school_group on school (group_id);

-- A room with the equipment for synchronous classes: main rooms teach, receiving rooms take part.
create table classroom (
  id          uuid primary key,
  school_id   uuid not null references school (id),
  name        varchar(200) not null,
  kind        varchar(16) not null,
  capacity    integer not null,
  created_at  timestamp with time zone not null,
  constraint classroom_name_unique unique (school_id, name),
  constraint classroom_kind_known check (kind in ('main', 'receiving')),
  constraint classroom_capacity_range check (capacity between 1 and 500)
);

-- A teaching class (班级) of a school: a grade and the language it is taught in.
create table school_class (
  id          uuid primary key,
  school_id   uuid not null references school (id),
  name        varchar(200) not null,
  grade       integer not null,
  language    varchar(16) not null,
  created_at  timestamp with time zone not null,
  constraint school_class_name_unique unique (school_id, name),
  constraint school_class_grade_range check (grade between 1 and 12),
  constraint school_class_language_known check (language in ('zh', 'bo', 'bilingual'))
);

-- Accounts. Students are pseudonymous: a username, a display name and class membership; no
-- phone or ID numbers are ever stored (PIPL, minors' data). origin records how the account was
-- made, so production can refuse to run with demo accounts present.
create table app_user (
  id                  uuid primary key,
  username            varchar(64) not null,
  display_name        varchar(200) not null,
  role                varchar(16) not null,
  school_id           uuid references school (id),
  password_hash       varchar(255) not null,
  preferred_language  varchar(8) not null,
  origin              varchar(16) not null,
  created_at          timestamp with time zone not null,
  constraint app_user_username_unique unique (username),
  constraint app_user_role_known check (role in ('student', 'teacher', 'coordinator', 'admin')),
  constraint app_user_school_required check (role = 'admin' or school_id is not null),
  constraint app_user_language_known check (preferred_language in ('zh-CN', 'bo', 'en')),
  constraint app_user_origin_known check (origin in ('demo', 'api', 'import', 'cli'))
);
create index app_user_school on app_user (school_id);

-- Who is in a class: students learn in it, teachers teach it.
create table class_member (
  class_id    uuid not null references school_class (id),
  user_id     uuid not null references app_user (id),
  created_at  timestamp with time zone not null,
  primary key (class_id, user_id)
);
create index class_member_user on class_member (user_id);
