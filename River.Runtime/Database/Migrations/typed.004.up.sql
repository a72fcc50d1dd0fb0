-- River.Typed line typed, version 4: workflows (issue 20). A workflow is a DAG of jobs inserted in one transaction.
-- The jobs stay ordinary river_job rows (a task waiting for dependencies is in River's 'pending' state; its
-- metadata carries workflow_id, task and deps); what River's schema has no place for lives here:
--   river_typed_workflow       one row per workflow (name, task count, finish time);
--   river_typed_workflow_task  one row per task: its job, name and failure policy;
--   river_typed_workflow_edge  one row per dependency edge, marked satisfied when the dependency completes (or fails
--                              under the dependent's policy 'run'). A task is released when it has no unsatisfied
--                              edge left: each completer writes only its own edges, never a shared counter row.
-- No foreign key points at river_job: River's job cleaner deletes finalized jobs without knowing these tables.
CREATE TABLE /* TEMPLATE: schema */river_typed_workflow(
  id text PRIMARY KEY,
  name text NOT NULL,
  task_count integer NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CONSTRAINT id_length CHECK (char_length(id) >= 1 AND char_length(id) <= 127),
  CONSTRAINT name_length CHECK (char_length(name) >= 1 AND char_length(name) <= 200),
  CONSTRAINT metadata_object CHECK (jsonb_typeof(metadata) = 'object')
);

-- Listing workflows newest first (keyset on created_at, id).
CREATE INDEX river_typed_workflow_created_index ON /* TEMPLATE: schema */river_typed_workflow (created_at, id);

CREATE TABLE /* TEMPLATE: schema */river_typed_workflow_task(
  job_id bigint PRIMARY KEY,
  workflow_id text NOT NULL REFERENCES /* TEMPLATE: schema */river_typed_workflow (id) ON DELETE CASCADE,
  name text NOT NULL,
  on_failure text NOT NULL DEFAULT 'cancel',
  CONSTRAINT name_length CHECK (char_length(name) >= 1 AND char_length(name) <= 200),
  CONSTRAINT on_failure_value CHECK (on_failure IN ('cancel', 'run', 'wait'))
);

-- A workflow's tasks by name (outputs by task name, the graph of one workflow).
CREATE UNIQUE INDEX river_typed_workflow_task_name_index ON /* TEMPLATE: schema */river_typed_workflow_task (workflow_id, name);

CREATE TABLE /* TEMPLATE: schema */river_typed_workflow_edge(
  dep_job_id bigint NOT NULL,
  job_id bigint NOT NULL,
  satisfied boolean NOT NULL DEFAULT false,
  PRIMARY KEY (dep_job_id, job_id)
);

-- A task's unsatisfied dependencies: the release check reads only these.
CREATE INDEX river_typed_workflow_edge_waiting_index ON /* TEMPLATE: schema */river_typed_workflow_edge (job_id) WHERE NOT satisfied;

-- A task's dependencies, satisfied or not: the graph of one workflow and the outputs a released task reads. (The
-- partial index above drops an edge once it is satisfied; without this one those lookups scan every edge.)
CREATE INDEX river_typed_workflow_edge_job_index ON /* TEMPLATE: schema */river_typed_workflow_edge (job_id);
