-- The team store: every desk's records in one append-only table.
-- Desks only SELECT and INSERT (see sql/desk_role.sql); nothing here is
-- ever updated or deleted by a desk.
CREATE TABLE team_record (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- the server's cursor
    uid         text   NOT NULL UNIQUE,                            -- client-made: the idempotency key
    desk_id     text   NOT NULL,
    desk        text   NOT NULL,
    operator    text,
    desk_seq    bigint NOT NULL,
    kind        text   NOT NULL,
    subject     text,
    created_ms  bigint NOT NULL,
    body        text   NOT NULL,       -- text, not jsonb: the hash is over these bytes
    prev_hash   text   NOT NULL,
    hash        text   NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (desk_id, desk_seq)
);
CREATE INDEX team_record_claims ON team_record (subject) WHERE kind = 'claim';
