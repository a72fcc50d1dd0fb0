-- Back to version 3 exactly. Unlike River's own down step (which leaves 'pending' in the enum and
-- drops metadata's NOT NULL and default), this restores version 3's catalog: the enum is rebuilt
-- without 'pending', which is only possible while no job is in that state.
DO
$body$
BEGIN
  IF EXISTS (SELECT 1 FROM /* TEMPLATE: schema */river_job WHERE state::text = 'pending') THEN
    RAISE EXCEPTION 'cannot migrate River below version 4: river_job has jobs in state ''pending'', which version 3 does not know; finalize or delete them first';
  END IF;
END;
$body$
LANGUAGE plpgsql;

ALTER TABLE /* TEMPLATE: schema */river_job ALTER COLUMN args DROP NOT NULL;

ALTER TABLE /* TEMPLATE: schema */river_job DROP CONSTRAINT finalized_or_finalized_at_null;

ALTER TYPE /* TEMPLATE: schema */river_job_state RENAME TO river_job_state_v4;
CREATE TYPE /* TEMPLATE: schema */river_job_state AS ENUM(
  'available',
  'cancelled',
  'completed',
  'discarded',
  'retryable',
  'running',
  'scheduled'
);
ALTER TABLE /* TEMPLATE: schema */river_job ALTER COLUMN state DROP DEFAULT;
ALTER TABLE /* TEMPLATE: schema */river_job ALTER COLUMN state TYPE /* TEMPLATE: schema */river_job_state USING state::text::/* TEMPLATE: schema */river_job_state;
ALTER TABLE /* TEMPLATE: schema */river_job ALTER COLUMN state SET DEFAULT 'available';
DROP TYPE /* TEMPLATE: schema */river_job_state_v4;

ALTER TABLE /* TEMPLATE: schema */river_job ADD CONSTRAINT finalized_or_finalized_at_null CHECK (
  (state IN ('cancelled', 'completed', 'discarded') AND finalized_at IS NOT NULL) OR finalized_at IS NULL
);

CREATE OR REPLACE FUNCTION /* TEMPLATE: schema */river_job_notify()
  RETURNS TRIGGER
  AS $$
DECLARE
  payload json;
BEGIN
  IF NEW.state = 'available' THEN
    payload = json_build_object('queue', NEW.queue);
    PERFORM pg_notify('river_insert', payload::text);
  END IF;
  RETURN NULL;
END;
$$
LANGUAGE plpgsql;

CREATE TRIGGER river_notify
  AFTER INSERT ON /* TEMPLATE: schema */river_job
  FOR EACH ROW
  EXECUTE PROCEDURE /* TEMPLATE: schema */river_job_notify();

DROP TABLE /* TEMPLATE: schema */river_queue;

ALTER TABLE /* TEMPLATE: schema */river_leader
  ALTER COLUMN name DROP DEFAULT,
  DROP CONSTRAINT name_length,
  ADD CONSTRAINT name_length CHECK (char_length(name) > 0 AND char_length(name) < 128);
