-- The login throttle's token buckets, shared by every node: with two nodes behind a balancer an
-- attacker gets the configured allowance once, not once per node. A row is one bucket (an account
-- or a client address); a bucket untouched for a whole window has refilled and is deleted.
create table login_bucket (
  bucket      varchar(200) primary key,
  tokens      double precision not null,
  updated_at  timestamp with time zone not null
);
create index login_bucket_updated on login_bucket (updated_at);
