-- Coverage, second part: who can teach what ("close this gap" looks for a free teacher of the
-- subject), and pupils' playback per day (evidence per term and week).

-- The subjects a teacher teaches, as the teacher, their group's coordinators or an admin entered them.
create table teacher_subject (
  user_id     uuid not null references app_user (id),
  subject     varchar(32) not null,
  updated_by  uuid not null,
  updated_at  timestamp with time zone not null,
  primary key (user_id, subject)
);

-- A pupil's playback of a resource on one day (Asia/Shanghai), pseudonymous like playback: the
-- viewer is the same HMAC of the account, and only pupils' plays are kept. A row means the resource
-- was opened that day; watched_s adds up the seconds the player reported.
create table playback_day (
  resource_id  uuid not null references resource (id),
  viewer       varchar(64) not null,
  school_id    uuid not null,
  play_day     date not null,
  watched_s    integer not null,
  primary key (resource_id, viewer, play_day)
);
create index playback_day_school on playback_day (school_id, play_day);
