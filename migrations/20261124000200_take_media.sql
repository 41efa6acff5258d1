-- Per-take media: the ffprobe summary of each take's output, read when its thumbnail and
-- preview are made. The file's size and modification time at that moment say whether the
-- summary still describes the file, so assembly can use it instead of probing again.
-- The summary columns are for reading at a glance; `info_json` is the whole summary
-- (`media::MediaInfo`) that assembly uses.

CREATE TABLE take_media (
    take_id         TEXT PRIMARY KEY NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    file_size_bytes INTEGER NOT NULL CHECK (file_size_bytes >= 0),
    file_mtime_ns   INTEGER NOT NULL,
    duration_ms     INTEGER NOT NULL CHECK (duration_ms >= 0),
    width           INTEGER,
    height          INTEGER,
    fps             TEXT,
    video_codec     TEXT,
    audio_codec     TEXT,
    has_audio       INTEGER NOT NULL CHECK (has_audio IN (0, 1)),
    info_json       TEXT NOT NULL,
    probed_at       INTEGER NOT NULL
);
