-- The last successful assembly of each job, so a job assembled earlier (or by quick mode in
-- the background) shows its final video, `.srt` and summary when reopened.
-- `final_video_path` (from the first schema) holds the video's path; `last_assembly_json`
-- the whole result (`AssemblyResult`: output, srt, preset, width, height, duration).

ALTER TABLE jobs ADD COLUMN last_assembly_json TEXT;
