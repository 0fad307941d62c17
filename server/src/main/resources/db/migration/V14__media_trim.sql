-- The part of a recording its teacher keeps (trim): a conversion of the file from start to end,
-- in milliseconds of the source; null keeps all of it.
alter table media_job add column trim_start_ms integer;
alter table media_job add column trim_end_ms integer;
