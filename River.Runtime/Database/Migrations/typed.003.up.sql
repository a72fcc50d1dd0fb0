-- River.Typed line typed, version 3: river_job indexes on (created_at, id) and (scheduled_at, id)
-- For the dashboard's and the management API's time orders: River's schema has none, so ordering by scheduled time
-- or listing a created-time range scans the whole table.
-- Each index costs one more B-tree entry per inserted row and per state change of a job (every state change is a
-- non-HOT update, since state is indexed already); see docs/dashboard.md for the measured cost.
--
-- Migrations run in a transaction, so these are plain CREATE INDEX statements, which block writes to river_job while
-- they build (tens of seconds at 10M rows). On a large live table create them first with the CONCURRENTLY statements
-- of docs/dashboard.md ("Indexes"): this migration then finds them by name and only records itself.

-- A CREATE INDEX CONCURRENTLY that failed leaves an INVALID index that IF NOT EXISTS would silently keep.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_index
             WHERE indexrelid IN (to_regclass('/* TEMPLATE: schema */river_typed_job_created_at_index'),
                                  to_regclass('/* TEMPLATE: schema */river_typed_job_scheduled_at_index'))
               AND NOT indisvalid) THEN
    RAISE EXCEPTION 'river_typed_job_created_at_index or river_typed_job_scheduled_at_index is INVALID (a CREATE INDEX CONCURRENTLY that failed): drop it with DROP INDEX CONCURRENTLY and run the migration again';
  END IF;
END
$$;

-- Created-time ranges and created order (JobListOrder.CreatedAt): one range of this index per page.
CREATE INDEX IF NOT EXISTS river_typed_job_created_at_index ON /* TEMPLATE: schema */river_job USING btree(created_at, id);

-- Scheduled order (JobListOrder.ScheduledAt) across states and queues; River's fetching index leads with state,
-- queue and priority, so it orders by scheduled time only within one of those.
CREATE INDEX IF NOT EXISTS river_typed_job_scheduled_at_index ON /* TEMPLATE: schema */river_job USING btree(scheduled_at, id);
