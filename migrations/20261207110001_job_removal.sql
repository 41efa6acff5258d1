-- Deleting jobs with their files: before a take's file is removed, the engine checks that no
-- other take still points at it. This index keeps that check a lookup over any history.

CREATE INDEX generations_by_output ON generations (output_path) WHERE output_path IS NOT NULL;
