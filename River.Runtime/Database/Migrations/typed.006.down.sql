-- River.Typed line typed, version 6 down: the partial index of unsatisfied edges again, the default fill factor.
ALTER TABLE /* TEMPLATE: schema */river_typed_workflow_edge RESET (fillfactor);
CREATE INDEX river_typed_workflow_edge_waiting_index ON /* TEMPLATE: schema */river_typed_workflow_edge (job_id) WHERE NOT satisfied;
