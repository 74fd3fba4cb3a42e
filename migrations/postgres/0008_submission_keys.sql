-- A submission's idempotency key was "draft-" and the draft's id, which SQLite could hand out again
-- after deleting expired drafts (see the SQLite migration). The key is now made at random when the
-- draft is created, on both databases.
ALTER TABLE drafts ADD COLUMN submission_key TEXT;
UPDATE drafts SET submission_key = md5(random()::text || clock_timestamp()::text || id::text);
ALTER TABLE drafts ALTER COLUMN submission_key SET NOT NULL;
