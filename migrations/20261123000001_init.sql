-- Reelforge schema, version 1. Forward-only: later changes go in new files.
-- Money is integer micro-USD, time is unix milliseconds, ids are UUID strings.

CREATE TABLE templates (
    id                 TEXT PRIMARY KEY NOT NULL,
    name               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    pillar             TEXT NOT NULL DEFAULT '',
    segment_count      INTEGER NOT NULL CHECK (segment_count BETWEEN 1 AND 20),
    segment_duration_s INTEGER NOT NULL CHECK (segment_duration_s > 0),
    aspect_ratio       TEXT NOT NULL,
    provider           TEXT NOT NULL,
    model              TEXT,
    mode               TEXT NOT NULL,
    fallback_json      TEXT NOT NULL DEFAULT '[]',
    allow_fallback     INTEGER NOT NULL DEFAULT 0,
    beats_json         TEXT NOT NULL DEFAULT '[]',
    style_json         TEXT NOT NULL DEFAULT '{}',
    builtin            INTEGER NOT NULL DEFAULT 0,
    -- A deleted template that jobs still refer to is archived, so their cascade keeps working.
    archived_at        INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX templates_live_name ON templates (name COLLATE NOCASE) WHERE archived_at IS NULL;

CREATE TABLE jobs (
    id                    TEXT PRIMARY KEY NOT NULL,
    title                 TEXT NOT NULL,
    subject               TEXT NOT NULL DEFAULT '',
    template_id           TEXT REFERENCES templates(id) ON DELETE RESTRICT,
    -- Overrides only (JobConfig as JSON); the cascade resolves the rest at read time.
    config_json           TEXT NOT NULL DEFAULT '{}',
    status                TEXT NOT NULL,
    budget_cap_micros     INTEGER,
    estimated_cost_micros INTEGER NOT NULL DEFAULT 0,
    -- Maintained by triggers on generations: always the sum of the job's takes.
    actual_cost_micros    INTEGER NOT NULL DEFAULT 0,
    script_json           TEXT,
    final_video_path      TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX jobs_by_updated ON jobs (updated_at DESC, id);
CREATE INDEX jobs_by_status_updated ON jobs (status, updated_at DESC, id);
-- Lets the dashboard's whole-history stats read the index alone.
CREATE INDEX jobs_status_cost ON jobs (status, actual_cost_micros);

-- Substring search over title and subject for the dashboard.
CREATE VIRTUAL TABLE jobs_search USING fts5 (
    title, subject, content = 'jobs', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_search (rowid, title, subject) VALUES (new.rowid, new.title, new.subject);
END;
CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_search (jobs_search, rowid, title, subject)
        VALUES ('delete', old.rowid, old.title, old.subject);
END;
CREATE TRIGGER jobs_search_update AFTER UPDATE OF title, subject ON jobs BEGIN
    INSERT INTO jobs_search (jobs_search, rowid, title, subject)
        VALUES ('delete', old.rowid, old.title, old.subject);
    INSERT INTO jobs_search (rowid, title, subject) VALUES (new.rowid, new.title, new.subject);
END;

CREATE TABLE segments (
    id               TEXT PRIMARY KEY NOT NULL,
    job_id           TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    idx              INTEGER NOT NULL CHECK (idx >= 0),
    beat             TEXT NOT NULL DEFAULT '',
    prompt           TEXT NOT NULL DEFAULT '',
    narration        TEXT NOT NULL DEFAULT '',
    mode             TEXT NOT NULL,
    provider         TEXT NOT NULL,
    model            TEXT,
    duration_s       INTEGER NOT NULL CHECK (duration_s > 0),
    selected_take_id TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (job_id, idx)
);

CREATE TABLE assets (
    id            TEXT PRIMARY KEY NOT NULL,
    sha256        TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    path          TEXT NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    mime          TEXT NOT NULL,
    width         INTEGER,
    height        INTEGER,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
    created_at    INTEGER NOT NULL
);

CREATE TABLE segment_assets (
    segment_id TEXT NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    asset_id   TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
    PRIMARY KEY (segment_id, position)
);
CREATE INDEX segment_assets_by_asset ON segment_assets (asset_id);

-- One paid call to a provider: a take.
CREATE TABLE generations (
    id                    TEXT PRIMARY KEY NOT NULL,
    segment_id            TEXT NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    job_id                TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    provider              TEXT NOT NULL,
    model                 TEXT,
    request_json          TEXT NOT NULL DEFAULT '{}',
    remote_id             TEXT,
    status                TEXT NOT NULL,
    progress              INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    estimated_cost_micros INTEGER NOT NULL DEFAULT 0,
    actual_cost_micros    INTEGER NOT NULL DEFAULT 0,
    error_code            TEXT,
    error_message         TEXT,
    output_path           TEXT,
    submitted_at          INTEGER,
    finished_at           INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX generations_by_segment ON generations (segment_id, created_at);
CREATE INDEX generations_by_job ON generations (job_id);
CREATE INDEX jobs_by_template ON jobs (template_id);
CREATE INDEX generations_unfinished ON generations (status)
    WHERE status IN ('queued', 'submitting', 'running', 'downloading', 'submit_unknown');

CREATE TRIGGER generations_cost_insert AFTER INSERT ON generations BEGIN
    UPDATE jobs SET actual_cost_micros = actual_cost_micros + new.actual_cost_micros
        WHERE id = new.job_id;
END;
CREATE TRIGGER generations_cost_update AFTER UPDATE OF actual_cost_micros ON generations BEGIN
    UPDATE jobs SET actual_cost_micros = actual_cost_micros - old.actual_cost_micros
        + new.actual_cost_micros WHERE id = new.job_id;
END;
CREATE TRIGGER generations_cost_delete AFTER DELETE ON generations BEGIN
    UPDATE jobs SET actual_cost_micros = actual_cost_micros - old.actual_cost_micros
        WHERE id = old.job_id;
END;

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The job's activity log: what happened, in the person's words.
CREATE TABLE job_activity (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id  TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX job_activity_by_job ON job_activity (job_id, id);
