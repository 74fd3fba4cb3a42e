-- The time step (30 seconds) of the last second-factor code each account used: a code is good
-- once, so one seen over a shoulder or in a log cannot open a second session.
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT;
