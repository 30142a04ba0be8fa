-- create posts
--
-- Revision ID: c4d5e6f7a8b9
-- Revises: 8a9b0c1d2e3f
-- Create Date: 2025-02-01 10:00:00.000000+00:00

-- migrate:upgrade
CREATE TABLE posts (
    id BIGINT PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX posts_author_id_idx ON posts (author_id);

-- migrate:downgrade
DROP TABLE posts;
