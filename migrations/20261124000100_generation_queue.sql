-- The generation runner's durable queue lives on `generations` (one row per take):
-- when the runner acts on a take next, its retry ordinal, its deadline, what the provider
-- returned as output, and whether a provider-side cancel is still owed.

ALTER TABLE generations ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1);
ALTER TABLE generations ADD COLUMN next_action_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN deadline_at INTEGER;
ALTER TABLE generations ADD COLUMN poll_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN poll_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD COLUMN output_ref_json TEXT;
ALTER TABLE generations ADD COLUMN cancel_remote INTEGER NOT NULL DEFAULT 0;

CREATE INDEX generations_remote_cancels ON generations (provider) WHERE cancel_remote = 1;
