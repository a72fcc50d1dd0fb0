DROP INDEX IF EXISTS /* TEMPLATE: schema */river_typed_job_scheduled_at_index;

DROP INDEX IF EXISTS /* TEMPLATE: schema */river_typed_job_created_at_index;
