-- River.Typed line typed, version 5 down: drops the workflow cleaner's index.
DROP INDEX /* TEMPLATE: schema */river_typed_workflow_finished_index;
