-- create users
--
-- Revision ID: 1a2b3c4d5e6f
-- Revises:
-- Create Date: 2026-01-10 09:00:00.000000

-- migrate:upgrade
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

-- 2500 demo users, so the backfills below take several batches.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
INSERT INTO users (id, name) SELECT i, 'User ' || i FROM n;

-- migrate:downgrade
DROP TABLE users;
