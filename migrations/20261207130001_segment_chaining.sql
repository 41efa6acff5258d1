-- Continuity chaining: a chained segment starts from the last frame of the previous
-- segment's selected take. `job_chaining` holds the job-wide "chain all" switch;
-- `segment_chaining` a segment's own switch and its chain state: `waiting` while its take
-- waits for the previous segment's take to succeed, `from_take` the previous segment's take
-- its latest take was planned from, `stale` when that is no longer the selected one. No row:
-- not chained on its own, nothing waiting, not stale.

CREATE TABLE job_chaining (
    job_id     TEXT PRIMARY KEY NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    chain_all  INTEGER NOT NULL DEFAULT 0 CHECK (chain_all IN (0, 1))
);

CREATE TABLE segment_chaining (
    segment_id TEXT PRIMARY KEY NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    chained    INTEGER NOT NULL DEFAULT 0 CHECK (chained IN (0, 1)),
    waiting    INTEGER NOT NULL DEFAULT 0 CHECK (waiting IN (0, 1)),
    stale      INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1)),
    from_take  TEXT
);
