-- Whole-history dashboard figures kept current by triggers, so the dashboard never scans the
-- job table for them. One row per job status: how many jobs, and the sum of their takes' cost.

CREATE TABLE dashboard_counts (
    status     TEXT PRIMARY KEY NOT NULL,
    jobs       INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0
);

INSERT INTO dashboard_counts (status, jobs, cost_micros)
    SELECT status, COUNT(*), COALESCE(SUM(actual_cost_micros), 0) FROM jobs GROUP BY status;

CREATE TRIGGER dashboard_counts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO dashboard_counts (status, jobs, cost_micros) VALUES (new.status, 1, new.actual_cost_micros)
        ON CONFLICT (status) DO UPDATE SET jobs = jobs + 1,
            cost_micros = cost_micros + excluded.cost_micros;
END;

CREATE TRIGGER dashboard_counts_update AFTER UPDATE OF status, actual_cost_micros ON jobs BEGIN
    UPDATE dashboard_counts SET jobs = jobs - 1, cost_micros = cost_micros - old.actual_cost_micros
        WHERE status = old.status;
    INSERT INTO dashboard_counts (status, jobs, cost_micros) VALUES (new.status, 1, new.actual_cost_micros)
        ON CONFLICT (status) DO UPDATE SET jobs = jobs + 1,
            cost_micros = cost_micros + excluded.cost_micros;
END;

CREATE TRIGGER dashboard_counts_delete AFTER DELETE ON jobs BEGIN
    UPDATE dashboard_counts SET jobs = jobs - 1, cost_micros = cost_micros - old.actual_cost_micros
        WHERE status = old.status;
END;
