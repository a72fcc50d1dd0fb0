-- River.Typed line typed, version 6: cheaper workflow releases (issue 20). Marking an edge satisfied rewrote it into
-- every index of the table: the partial index of unsatisfied edges has the column in its predicate, so no such
-- update could be a heap-only (HOT) update. Without that index, and with room left on each page for the one new
-- version every edge gets, marking an edge writes no index entry at all. A task's unsatisfied edges are read
-- through the edge index on job_id (a task has few edges; the release check counts them).
DROP INDEX /* TEMPLATE: schema */river_typed_workflow_edge_waiting_index;
ALTER TABLE /* TEMPLATE: schema */river_typed_workflow_edge SET (fillfactor = 50);
