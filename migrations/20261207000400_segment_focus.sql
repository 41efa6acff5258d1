-- Where a segment's picture is cropped around when it is reframed to another shape (a
-- multi-format export): thousandths of the take's width and height from its top left. No
-- row: the centre.

CREATE TABLE segment_focus (
    segment_id  TEXT PRIMARY KEY NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    x_permille  INTEGER NOT NULL CHECK (x_permille BETWEEN 0 AND 1000),
    y_permille  INTEGER NOT NULL CHECK (y_permille BETWEEN 0 AND 1000)
);
