-- The desk role: the least a console needs to take part in the team store.
-- Run by an administrator (psql -v role=... -v password=... -v db=... -f desk_role.sql)
-- after `skymarshal team migrate` made the tables. With these grants a desk can
-- connect, read the schema version, upload (INSERT ... ON CONFLICT DO NOTHING),
-- pull, verify and LISTEN; it cannot UPDATE or DELETE anything.
-- pg_advisory_xact_lock, pg_notify and LISTEN need no grant.
CREATE ROLE :"role" LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE :"db" TO :"role";
GRANT USAGE ON SCHEMA public TO :"role";
GRANT SELECT, INSERT ON team_record TO :"role";
GRANT SELECT ON refinery_schema_history TO :"role";
