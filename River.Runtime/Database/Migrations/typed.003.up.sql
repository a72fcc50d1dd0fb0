-- River.Typed line typed, version 3: flow control (issue 18): global concurrency limits, rate limits and sequences,
-- enforced by the fetch itself (river_typed_flow_fetch) so they hold with any number of clients.

-- One row per limited scope: 'queue:<name>' (every job of a queue) or 'kind:<kind>' (every job of a kind, in any
-- queue, optionally per partition: the text at the args' JSON path partition_by). Clients upsert what their code
-- declares (source 'code', also kept in declared); an operator's change (source 'runtime') is never overwritten by
-- a client start, and a reset restores declared.
CREATE TABLE /* TEMPLATE: schema */river_typed_flow_limit(
  id text PRIMARY KEY,
  queue text,
  kind text,
  partition_by text[],
  max_running integer,
  rate_count integer,
  rate_period interval,
  rate_burst integer,
  sequenced boolean NOT NULL DEFAULT false,
  source text NOT NULL DEFAULT 'code',
  declared jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT scope CHECK ((queue IS NULL) <> (kind IS NULL)),
  CONSTRAINT id_value CHECK (id = CASE WHEN kind IS NULL THEN 'queue:' || queue ELSE 'kind:' || kind END),
  CONSTRAINT partition_on_kind CHECK (partition_by IS NULL OR (kind IS NOT NULL AND cardinality(partition_by) >= 1)),
  CONSTRAINT max_running_positive CHECK (max_running IS NULL OR max_running > 0),
  CONSTRAINT rate_complete CHECK ((rate_count IS NULL) = (rate_period IS NULL) AND (rate_count IS NULL) = (rate_burst IS NULL)),
  CONSTRAINT rate_positive CHECK (rate_count IS NULL OR (rate_count > 0 AND rate_period > interval '0' AND rate_burst > 0)),
  CONSTRAINT sequenced_on_queue CHECK (NOT sequenced OR queue IS NOT NULL),
  CONSTRAINT source_value CHECK (source IN ('code', 'runtime'))
);

-- Token buckets of the rate limits, one per limit and partition ('' without one): tokens left at updated_at.
CREATE TABLE /* TEMPLATE: schema */river_typed_flow_bucket(
  limit_id text NOT NULL REFERENCES /* TEMPLATE: schema */river_typed_flow_limit(id) ON DELETE CASCADE,
  partition text NOT NULL DEFAULT '',
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (limit_id, partition)
);

-- The fetch of a queue with flow rules: takes up to max_jobs available jobs in fetch order, skipping those a limit,
-- a rate or a sequence holds back, and marks them running as the plain fetch does. It first locks the limit rows
-- that apply (FOR UPDATE, in id order, so fetchers never deadlock): fetchers of limited scopes run one at a time.
-- Every query after the lock runs on a new snapshot (a VOLATILE function in READ COMMITTED), so the running counts
-- include what the previous fetcher committed: no two fetchers can both see "2 running" and start 2 more.
-- Counts are of running rows: a killed client's jobs hold their slots until rescued, and free them then.
CREATE FUNCTION /* TEMPLATE: schema */river_typed_flow_fetch(fetch_queue text, max_jobs integer, client_id text, max_attempted_by integer, scan_limit integer)
RETURNS SETOF /* TEMPLATE: schema */river_job
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  queue_limit /* TEMPLATE: schema */river_typed_flow_limit;
  kind_limits jsonb;
  counts jsonb;
  bucket_map jsonb := '{}';
  touched text[] := '{}';
  taken bigint[] := '{}';
  seq_min jsonb := '{}';
  seq_key text;
  cand record;
  lim jsonb;
  lims jsonb[];
  keys text[];
  part text;
  k text;
  ok boolean;
  i integer;
  bucket_tokens double precision;
  bucket_at timestamptz;
  now_at timestamptz := clock_timestamp();
BEGIN
  PERFORM 1 FROM /* TEMPLATE: schema */river_typed_flow_limit AS l
  WHERE (l.queue = fetch_queue OR l.kind IS NOT NULL) AND (l.max_running IS NOT NULL OR l.rate_count IS NOT NULL)
  ORDER BY l.id
  FOR UPDATE;

  SELECT * INTO queue_limit FROM /* TEMPLATE: schema */river_typed_flow_limit AS l WHERE l.id = 'queue:' || fetch_queue;
  SELECT coalesce(jsonb_object_agg(l.kind, to_jsonb(l)), '{}') INTO kind_limits
  FROM /* TEMPLATE: schema */river_typed_flow_limit AS l
  WHERE l.kind IS NOT NULL AND (l.max_running IS NOT NULL OR l.rate_count IS NOT NULL);

  -- Running jobs per limit and partition, keyed '<limit id>' || chr(31) || '<partition>'.
  SELECT coalesce(jsonb_object_agg(s.key, s.n), '{}') INTO counts FROM (
    SELECT l.id || chr(31) || CASE WHEN l.partition_by IS NULL THEN '' ELSE coalesce(j.args #>> l.partition_by, '') END AS key,
           count(*) AS n
    FROM /* TEMPLATE: schema */river_typed_flow_limit AS l
    JOIN /* TEMPLATE: schema */river_job AS j
      ON j.state = 'running' AND ((l.kind IS NULL AND j.queue = l.queue) OR j.kind = l.kind)
    WHERE l.max_running IS NOT NULL AND (l.queue = fetch_queue OR l.kind IS NOT NULL)
    GROUP BY 1) AS s;

  -- When no limit can bind in this fetch (no sequences, rates or partitions, and room in every concurrency limit for
  -- max_jobs more), the jobs are the plain fetch's: the first max_jobs in fetch order, without the walk below.
  IF NOT coalesce(queue_limit.sequenced, false) AND NOT EXISTS (
      SELECT 1 FROM /* TEMPLATE: schema */river_typed_flow_limit AS l
      WHERE (l.queue = fetch_queue OR l.kind IS NOT NULL)
        AND (l.rate_count IS NOT NULL OR l.partition_by IS NOT NULL
             OR coalesce((counts ->> (l.id || chr(31)))::integer, 0) + max_jobs > l.max_running)) THEN
    taken := ARRAY(
      SELECT j.id FROM /* TEMPLATE: schema */river_job AS j
      WHERE j.state = 'available' AND j.queue = fetch_queue AND j.scheduled_at <= now()
      ORDER BY j.priority ASC, j.scheduled_at ASC, j.id ASC
      LIMIT max_jobs);
    scan_limit := 0;
  END IF;

  FOR cand IN
    SELECT j.id, j.kind, j.args, j.metadata FROM /* TEMPLATE: schema */river_job AS j
    WHERE j.state = 'available' AND j.queue = fetch_queue AND j.scheduled_at <= now()
    ORDER BY j.priority ASC, j.scheduled_at ASC, j.id ASC
    LIMIT scan_limit
  LOOP
    EXIT WHEN cardinality(taken) >= max_jobs;
    -- A sequence: held while an earlier job of the same key is not finalized (with policy skip, a failed job
    -- waiting for its retry does not hold it).
    -- Every candidate is available, so it holds its sequence for every later job of it: seq_min keeps the lowest
    -- candidate id per key seen in this fetch, and a later candidate behind it is skipped without a query. The
    -- query runs once per key (and again only for a candidate with a lower id than any seen), not once per job: a
    -- sequence of n waiting jobs costs one index lookup per fetch, not n.
    IF queue_limit.sequenced AND cand.metadata ? 'river:sequence' THEN
      seq_key := cand.metadata ->> 'river:sequence';
      IF seq_min ? seq_key AND (seq_min ->> seq_key)::bigint < cand.id THEN
        CONTINUE;
      END IF;
      seq_min := seq_min || jsonb_build_object(seq_key, cand.id);
      CONTINUE WHEN EXISTS (
        SELECT 1 FROM /* TEMPLATE: schema */river_job AS o
        WHERE o.metadata @> jsonb_build_object('river:sequence', cand.metadata -> 'river:sequence')
          AND o.id < cand.id
          AND (o.state IN ('available', 'running', 'scheduled', 'pending')
               OR (o.state = 'retryable' AND coalesce(o.metadata ->> 'river:sequence_policy', 'block') <> 'skip')));
    END IF;
    lims := '{}';
    IF queue_limit.id IS NOT NULL AND (queue_limit.max_running IS NOT NULL OR queue_limit.rate_count IS NOT NULL) THEN
      lims := array_append(lims, to_jsonb(queue_limit));
    END IF;
    IF kind_limits ? cand.kind THEN
      lims := array_append(lims, kind_limits -> cand.kind);
    END IF;
    keys := '{}';
    ok := true;
    FOR i IN 1 .. coalesce(array_length(lims, 1), 0) LOOP
      lim := lims[i];
      part := CASE WHEN lim -> 'partition_by' = 'null'::jsonb THEN ''
                   ELSE coalesce(cand.args #>> ARRAY(SELECT jsonb_array_elements_text(lim -> 'partition_by')), '') END;
      k := (lim ->> 'id') || chr(31) || part;
      keys := array_append(keys, k);
      IF lim ->> 'max_running' IS NOT NULL AND coalesce((counts ->> k)::integer, 0) >= (lim ->> 'max_running')::integer THEN
        ok := false;
        EXIT;
      END IF;
      IF lim ->> 'rate_count' IS NOT NULL THEN
        IF NOT bucket_map ? k THEN
          SELECT b.tokens, b.updated_at INTO bucket_tokens, bucket_at FROM /* TEMPLATE: schema */river_typed_flow_bucket AS b
          WHERE b.limit_id = lim ->> 'id' AND b.partition = part;
          IF NOT FOUND THEN
            bucket_tokens := (lim ->> 'rate_burst')::double precision;
          ELSE
            bucket_tokens := least((lim ->> 'rate_burst')::double precision,
              bucket_tokens + extract(epoch FROM now_at - bucket_at) * (lim ->> 'rate_count')::double precision
                              / extract(epoch FROM (lim ->> 'rate_period')::interval));
          END IF;
          bucket_map := bucket_map || jsonb_build_object(k, bucket_tokens);
          touched := array_append(touched, k);
        END IF;
        IF (bucket_map ->> k)::double precision < 1 THEN
          ok := false;
          EXIT;
        END IF;
      END IF;
    END LOOP;
    CONTINUE WHEN NOT ok;
    FOR i IN 1 .. coalesce(array_length(keys, 1), 0) LOOP
      k := keys[i];
      counts := counts || jsonb_build_object(k, coalesce((counts ->> k)::integer, 0) + 1);
      IF bucket_map ? k THEN
        bucket_map := bucket_map || jsonb_build_object(k, (bucket_map ->> k)::double precision - 1);
      END IF;
    END LOOP;
    taken := array_append(taken, cand.id);
  END LOOP;

  -- Buckets read are written back, refilled to now and less what was taken.
  IF cardinality(touched) > 0 THEN
    INSERT INTO /* TEMPLATE: schema */river_typed_flow_bucket AS b (limit_id, partition, tokens, updated_at)
    SELECT split_part(t, chr(31), 1), substr(t, length(split_part(t, chr(31), 1)) + 2), (bucket_map ->> t)::double precision, now_at
    FROM unnest(touched) AS t
    ON CONFLICT (limit_id, partition) DO UPDATE SET tokens = EXCLUDED.tokens, updated_at = EXCLUDED.updated_at;
  END IF;

  IF cardinality(taken) = 0 THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH locked AS (
    SELECT j.id FROM /* TEMPLATE: schema */river_job AS j
    WHERE j.id = ANY(taken) AND j.state = 'available'
    FOR UPDATE SKIP LOCKED
  )
  UPDATE /* TEMPLATE: schema */river_job AS j
  SET state = 'running',
      attempt = j.attempt + 1,
      attempted_at = now(),
      attempted_by = array_append(
          CASE WHEN coalesce(array_length(j.attempted_by, 1), 0) >= max_attempted_by
               THEN j.attempted_by[array_length(j.attempted_by, 1) - max_attempted_by + 2:]
               ELSE j.attempted_by END,
          client_id)
  FROM locked
  WHERE j.id = locked.id
  RETURNING j.*;
END;
$$;
