-- add email to user
--
-- Revision ID: 8a9b0c1d2e3f
-- Revises: 1f0a2b3c4d5e
-- Create Date: 2025-01-15 14:30:00.000000+00:00

-- migrate:upgrade
ALTER TABLE users ADD COLUMN email TEXT;
CREATE UNIQUE INDEX users_email_key ON users (email);

-- migrate:downgrade
DROP INDEX users_email_key;
ALTER TABLE users DROP COLUMN email;
