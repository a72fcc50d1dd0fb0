-- River.Typed line typed, version 1: client registry (river_typed_client) and leader term fence (river_typed_fence)
-- Line typed holds what River.Typed adds to River's schema; line main stays River's byte for byte. Every object
-- here is named river_typed_*, so River's own tools and clients never see or touch it.

-- One row per client (worker or insert-only), refreshed every heartbeat. A regular (logged) table on purpose: the
-- rows survive an immediate PostgreSQL restart, so a client that died during the outage is still found dead
-- afterwards, and live clients are never mistaken for new ones.
CREATE TABLE /* TEMPLATE: schema */river_typed_client(
  id text PRIMARY KEY NOT NULL,
  instance uuid NOT NULL,
  host text NOT NULL,
  pid integer NOT NULL,
  version text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_seq bigint NOT NULL DEFAULT 0,
  ttl interval NOT NULL,
  queues jsonb NOT NULL DEFAULT '[]',
  running_count integer NOT NULL DEFAULT 0,
  stopped_at timestamptz,
  dead_at timestamptz,
  -- Running jobs (id and attempt) a process found under its id when it took the id over from a predecessor that did
  -- not stop cleanly: the predecessor's, since the new process had fetched nothing yet. The leader rescues them as it
  -- rescues a dead client's jobs; the attempt keeps a job refetched by the new process from matching again.
  orphaned_job_ids bigint[] NOT NULL DEFAULT '{}',
  orphaned_attempts integer[] NOT NULL DEFAULT '{}',
  CONSTRAINT id_length CHECK (char_length(id) > 0 AND char_length(id) < 128),
  CONSTRAINT ttl_positive CHECK (ttl > interval '0')
);

-- The leader's term: bumped in the statement that wins an election (river_leader is UNLOGGED and empties on an
-- immediate restart; this table is logged, so terms only ever grow). Every leader-only write checks its term in
-- the same statement through river_typed_leader_fence.
CREATE TABLE /* TEMPLATE: schema */river_typed_fence(
  name text PRIMARY KEY NOT NULL DEFAULT 'default',
  term bigint NOT NULL,
  leader_id text NOT NULL,
  elected_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT name_is_default CHECK (name = 'default'),
  CONSTRAINT term_positive CHECK (term >= 1)
);

-- True when term is the current leader term; otherwise raises SQLSTATE RVF01, which aborts the whole statement
-- (and its transaction), so a deposed leader's write changes nothing. FOR SHARE makes a term bump wait for fenced
-- writes in flight, and fenced writes that start after the bump see the new term.
CREATE FUNCTION /* TEMPLATE: schema */river_typed_leader_fence(leader_term bigint)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  current_term bigint;
BEGIN
  SELECT f.term INTO current_term FROM /* TEMPLATE: schema */river_typed_fence AS f WHERE f.name = 'default' FOR SHARE;
  IF current_term IS DISTINCT FROM leader_term THEN
    RAISE EXCEPTION 'River.Typed leader fence: term % is not the current leader term (%)', leader_term, coalesce(current_term::text, 'none')
      USING ERRCODE = 'RVF01', HINT = 'Another client was elected leader; this client stops its leader-only services.';
  END IF;
  RETURN true;
END;
$$;
