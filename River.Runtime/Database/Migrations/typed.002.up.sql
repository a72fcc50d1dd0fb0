-- River.Typed line typed, version 2: durable schedules (issue 19). One row per schedule: declared in code
-- ([PeriodicJob] / RiverClientOptions.PeriodicJobs, owner 'code', upserted by every client at start) or created at
-- run time (RiverClient.AddScheduleAsync, `river schedules add`, owner 'runtime'). The leader enqueues a due run
-- and advances next_run_at in one transaction.
CREATE TABLE /* TEMPLATE: schema */river_typed_schedule(
  id text PRIMARY KEY,
  owner text NOT NULL,
  schedule text NOT NULL,
  time_zone text,
  kind text,
  args jsonb,
  queue text NOT NULL DEFAULT 'default',
  priority smallint NOT NULL DEFAULT 1,
  max_attempts smallint NOT NULL DEFAULT 25,
  tags varchar(255)[] NOT NULL DEFAULT '{}',
  metadata jsonb NOT NULL DEFAULT '{}',
  misfire_policy text NOT NULL DEFAULT 'run_once',
  max_misfire_runs integer NOT NULL DEFAULT 10,
  run_on_start boolean NOT NULL DEFAULT false,
  paused boolean NOT NULL DEFAULT false,
  next_run_at timestamptz,
  last_run_at timestamptz,
  last_job_id bigint,
  trigger_at timestamptz,
  definition_version text NOT NULL DEFAULT '',
  definition_hash text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT id_length CHECK (char_length(id) >= 2 AND char_length(id) <= 127),
  CONSTRAINT owner_value CHECK (owner IN ('code', 'runtime')),
  CONSTRAINT schedule_length CHECK (char_length(schedule) >= 1 AND char_length(schedule) <= 1000),
  CONSTRAINT kind_length CHECK (kind IS NULL OR (char_length(kind) >= 1 AND char_length(kind) <= 128)),
  CONSTRAINT misfire_policy_value CHECK (misfire_policy IN ('run_once', 'run_all', 'skip')),
  CONSTRAINT max_misfire_runs_range CHECK (max_misfire_runs >= 1 AND max_misfire_runs <= 10000),
  CONSTRAINT args_object CHECK (args IS NULL OR jsonb_typeof(args) = 'object'),
  CONSTRAINT metadata_object CHECK (jsonb_typeof(metadata) = 'object')
);

-- The leader's pass: due schedules (and the earliest next run) by next_run_at, paused ones left out.
CREATE INDEX river_typed_schedule_next_run_index ON /* TEMPLATE: schema */river_typed_schedule (next_run_at) WHERE NOT paused;
-- Runs asked for with "trigger now", paused or not.
CREATE INDEX river_typed_schedule_trigger_index ON /* TEMPLATE: schema */river_typed_schedule (trigger_at) WHERE trigger_at IS NOT NULL;
