-- The least a queue must do per batch of jobs on River's river_job, as two statements in one transaction:
-- lock up to :batch available jobs of queue 'default' and mark them running (River.Typed's fetch shape), then mark
-- the same jobs completed (its completer's lean update). pgbench runs it; sql-limit.sh multiplies tps by the batch.
BEGIN;
WITH locked AS (
  SELECT id FROM river_job
  WHERE state = 'available' AND queue = 'default' AND scheduled_at <= now()
  ORDER BY priority, scheduled_at, id
  LIMIT :batch
  FOR UPDATE SKIP LOCKED
), fetched AS (
  UPDATE river_job AS j
  SET state = 'running', attempt = j.attempt + 1, attempted_at = now(),
      attempted_by = array_append(j.attempted_by, 'sql-reference')
  FROM locked WHERE j.id = locked.id
  RETURNING j.id, j.args, j.kind, j.attempt
)
SELECT coalesce(array_agg(id), '{}') AS ids FROM fetched \gset
UPDATE river_job AS j SET state = 'completed', finalized_at = now()
FROM unnest(:ids::bigint[]) AS c(id)
WHERE j.id = c.id;
COMMIT;
