-- create users
--
-- Revision ID: 1f0a2b3c4d5e
-- Revises:
-- Create Date: 2025-01-10 09:00:00.000000+00:00

-- migrate:upgrade
CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    display_name TEXT NOT NULL
);

-- migrate:downgrade
DROP TABLE users;
