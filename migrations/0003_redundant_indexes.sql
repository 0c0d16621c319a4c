-- Two indexes that only repeated the leading column of a unique constraint:
-- UNIQUE (name, version) already serves lookups of skills by name, and
-- UNIQUE (skill_id, url) lookups of endpoints by skill. Every registration
-- paid for keeping them up to date.

DROP INDEX IF EXISTS skills_name_idx;
DROP INDEX IF EXISTS endpoints_skill_idx;
