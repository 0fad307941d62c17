-- Teachers' research sessions (名师课堂 在线教研) are sessions like classes, booked through the same
-- conflict-free path: the lead teaches from a main classroom, colleagues take part from wherever
-- they are, and every one of them holds a TEACHER row in session_hold for the session's time, so a
-- teacher is never booked into a class and a research session at once.
-- studio_id names the studio (no foreign key: schedule does not depend on the studio feature's
-- tables; studios are not deleted).
alter table class_session add column studio_id uuid;

create table session_colleague (
  session_id  uuid not null references class_session (id),
  teacher_id  uuid not null references app_user (id),
  primary key (session_id, teacher_id)
);
create index session_colleague_teacher on session_colleague (teacher_id);
