-- A school year of administration: things are corrected and retired, never silently lost.
--
-- version: bumped by every change, sent as the ETag; an update names the version it read
--   (If-Match), so two coordinators editing one class cannot overwrite each other.
-- retired_at: classrooms and classes leave the pickers but stay in history; accounts are
--   deactivated the same way (active = false) and cannot log in.
-- token_version: part of every token; bumped by deactivation, a password change or reset and
--   "log out everywhere", which ends every token issued before, on every node.
-- must_change_password: set by a reset; the one-time password only opens the password form.
-- name_bo: the Tibetan name beside the Chinese one, shown in the Tibetan interface.

alter table education_group add column name_bo varchar(400);
alter table education_group add column version integer default 0 not null;
alter table education_group add column updated_at timestamp with time zone;

alter table school add column name_bo varchar(400);
alter table school add column version integer default 0 not null;
alter table school add column updated_at timestamp with time zone;

alter table classroom add column name_bo varchar(200);
alter table classroom add column version integer default 0 not null;
alter table classroom add column updated_at timestamp with time zone;
alter table classroom add column retired_at timestamp with time zone;

alter table school_class add column name_bo varchar(200);
alter table school_class add column version integer default 0 not null;
alter table school_class add column updated_at timestamp with time zone;
alter table school_class add column retired_at timestamp with time zone;

alter table app_user add column active boolean default true not null;
alter table app_user add column token_version integer default 0 not null;
alter table app_user add column must_change_password boolean default false not null;
alter table app_user add column version integer default 0 not null;
alter table app_user add column updated_at timestamp with time zone;

-- Who changed what, when: every administrative change, with the fields it changed before and
-- after (never password material). group_id scopes what a coordinator may read.
create table audit_event (
  id           uuid primary key,
  at           timestamp with time zone not null,
  actor_id     uuid,
  actor_name   varchar(128) not null,
  action       varchar(64) not null,
  entity_type  varchar(32) not null,
  entity_id    uuid not null,
  group_id     uuid,
  changes      varchar(16000) not null
);
create index audit_event_at on audit_event (at);
create index audit_event_group on audit_event (group_id, at);
create index audit_event_entity on audit_event (entity_id, at);
