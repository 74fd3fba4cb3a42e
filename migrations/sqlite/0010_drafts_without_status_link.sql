-- A submitted draft no longer keeps the applicant's status link: only its hash is stored, with the
-- applicant (status_tokens), and the confirmation page does not show the link.
ALTER TABLE drafts DROP COLUMN status_token;
