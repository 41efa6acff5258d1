-- Activity as structure: each new line stores its `ActivityEntry` (what happened and with
-- which values) as JSON, so the UI words it in its own language. `kind` and the English
-- `message` stay for logs and the CLI. Lines written before have no entry: they are read
-- back as legacy entries carrying their stored message.

ALTER TABLE job_activity ADD COLUMN entry_json TEXT;
