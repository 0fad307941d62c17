-- Curriculum coverage (开齐开足): the curriculum plan each class should receive, per term, and what a
-- school's own teachers cover; what synchronous sessions deliver comes from the timetable.

-- The plan of an education group for a term: weekly periods per grade and subject, seeded from the
-- national compulsory-education curriculum plan (2022) and editable by the group's coordinators.
-- medium 'tibetan' rows apply only to classes taught in Tibetan or bilingually (藏语文).
create table curriculum_plan (
  term_id     uuid not null references term (id),
  grade       integer not null,
  subject     varchar(32) not null,
  medium      varchar(16) not null,
  periods     integer not null,
  updated_by  uuid,
  updated_at  timestamp with time zone not null,
  primary key (term_id, grade, subject, medium),
  constraint curriculum_plan_grade check (grade between 1 and 12),
  constraint curriculum_plan_periods check (periods between 0 and 20),
  constraint curriculum_plan_medium check (medium in ('all', 'tibetan'))
);

-- Periods a week a class's own school teaches it, per subject and term (entered by the school, or
-- imported from CSV).
create table local_teaching (
  class_id    uuid not null references school_class (id),
  term_id     uuid not null references term (id),
  subject     varchar(32) not null,
  periods     integer not null,
  updated_by  uuid not null,
  updated_at  timestamp with time zone not null,
  primary key (class_id, term_id, subject),
  constraint local_teaching_periods check (periods between 0 and 20)
);
create index local_teaching_term on local_teaching (term_id);
