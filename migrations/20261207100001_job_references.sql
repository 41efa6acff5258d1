-- A job's character/style reference set (issue 17): library images attached once to the job,
-- sent with every segment whose provider's model takes reference images (or as its start
-- frame where that is the only image it takes and the segment has none).

CREATE TABLE job_assets (
    job_id    TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    asset_id  TEXT NOT NULL REFERENCES assets(id) ON DELETE RESTRICT,
    PRIMARY KEY (job_id, position)
);
CREATE INDEX job_assets_by_asset ON job_assets (asset_id);
