-- The outbox: a numbered log of changes, written in the same transaction as the change itself.
-- Followers (the search index, the media job queue) replay it from the last number they applied,
-- so a node that was down catches up; the EventBus announcement after commit is only a wake-up.
-- Numbers are per topic, gapless and in commit order: a writer takes the topic's counter row
-- FOR UPDATE and holds it to commit, so no later number can become visible before an earlier one
-- (an identity column would let a reader skip a number still being committed).

create table change_counter (
  topic     varchar(64) primary key,
  last_seq  bigint not null
);

create table change_log (
  topic       varchar(64) not null,
  seq         bigint not null,
  kind        varchar(64) not null,
  entity_id   varchar(128) not null,
  payload     varchar(16000) not null,
  created_at  timestamp with time zone not null,
  primary key (topic, seq)
);
