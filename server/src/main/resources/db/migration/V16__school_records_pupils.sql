-- Whether a school lets a recorded live lesson include its receiving classrooms: its pupils' faces
-- and voices are minors' data, so a recording holds only the main classroom unless the school
-- decides otherwise (an admin sets it on the school).
alter table school add column record_pupils boolean default false not null;
