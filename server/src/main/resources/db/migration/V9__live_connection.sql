-- One row per connection of a classroom (or observer) to a session's live room: opened when its
-- page registers for signalling, closed when the connection ends. Attendance reports read these to
-- tell a session that was held from one that was only booked.
create table live_connection (
  id           uuid primary key,
  session_id   uuid not null references class_session (id),
  endpoint_id  varchar(40) not null,
  user_id      uuid not null references app_user (id),
  classroom_id uuid references classroom (id),
  joined_at    timestamp with time zone not null,
  left_at      timestamp with time zone
);
create index live_connection_session on live_connection (session_id, joined_at);
