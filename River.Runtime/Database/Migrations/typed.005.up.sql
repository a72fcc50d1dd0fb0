-- River.Typed line typed, version 5: the workflow cleaner (issue 20). Finished workflows are deleted with their task
-- and edge rows once they are older than MaintenanceOptions.WorkflowRetention (River's job cleaner deletes the jobs
-- themselves, knowing nothing of these tables); it reads the oldest finished workflows through this index.
CREATE INDEX river_typed_workflow_finished_index ON /* TEMPLATE: schema */river_typed_workflow (finished_at) WHERE finished_at IS NOT NULL;
