-- The storyboard (issue 19): keyframe takes are rows of `generations` of kind 'keyframe'
-- (run by the same durable engine as clips, their cost in the job's ledger); each job's
-- keyframe options; each segment's selected keyframe and its approval; each keyframe image's
-- size and whether it was reframed to the job's aspect ratio.

ALTER TABLE generations ADD COLUMN kind TEXT NOT NULL DEFAULT 'clip'
    CHECK (kind IN ('clip', 'keyframe'));
CREATE INDEX generations_by_job_kind ON generations (job_id, kind);

CREATE TABLE storyboard_options (
    job_id          TEXT PRIMARY KEY NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    image_provider  TEXT NOT NULL,
    image_model     TEXT,
    same_character  INTEGER NOT NULL DEFAULT 0 CHECK (same_character IN (0, 1)),
    updated_at      INTEGER NOT NULL
);

CREATE TABLE storyboard_frames (
    segment_id         TEXT PRIMARY KEY NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    selected_take_id   TEXT REFERENCES generations(id) ON DELETE SET NULL,
    approved           INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
    -- When the approval was given: "same character" uses the first approved keyframe.
    approved_at        INTEGER,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE keyframe_images (
    take_id   TEXT PRIMARY KEY NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    -- The model ignored the aspect ratio: its image was scaled and cropped to width x height.
    reframed  INTEGER NOT NULL DEFAULT 0 CHECK (reframed IN (0, 1))
);
