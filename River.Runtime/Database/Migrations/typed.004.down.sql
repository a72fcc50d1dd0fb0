-- River.Typed line typed, version 4 down: drops the workflow tables (the jobs of workflows stay, as plain jobs).
DROP TABLE /* TEMPLATE: schema */river_typed_workflow_edge;
DROP TABLE /* TEMPLATE: schema */river_typed_workflow_task;
DROP TABLE /* TEMPLATE: schema */river_typed_workflow;
