-- What the timetable and the live classroom need to know about rooms and groups.
--
-- reception: how a receiving classroom takes part. 'interactive' rooms send audio and video back
--   (pupils answer the famous teacher); 'listen-only' rooms only receive (a projector and
--   speakers). Null for main classrooms.
-- uplink_kbps: the upload budget the room may use, in kbit/s (a pastoral school's share of a
--   2 Mbit/s satellite link); null when unknown. The live classroom picks its quality from it.
-- lead_school_id: the education group's lead (famous) school.

alter table classroom add column reception varchar(16);
alter table classroom add column uplink_kbps integer;
alter table classroom add constraint classroom_reception_known
  check (reception is null or reception in ('interactive', 'listen-only'));
alter table classroom add constraint classroom_uplink_range
  check (uplink_kbps is null or uplink_kbps between 16 and 1000000);

alter table education_group add column lead_school_id uuid references school (id);
