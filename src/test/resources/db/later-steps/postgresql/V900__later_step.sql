-- A step from a later Backstop, for tests: it adds a table and a row, so a test sees it applied.
CREATE TABLE later_step (note TEXT NOT NULL);
INSERT INTO later_step (note) VALUES ('applied');
