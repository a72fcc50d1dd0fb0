// The graphile-worker peer benchmark, run beside `river bench` on the same PostgreSQL:
//   node bench.mjs burndown URL [JOBS=200000] [PROCESSES=2] [CONCURRENCY=10]
//   node bench.mjs latency  URL [RATE=300] [SECONDS=10]
// Prints one JSON line: {"peer":"graphile-worker","mode",...}. Settings follow the comparison in issue 24:
// 2 processes x concurrency 10, localQueue 500, batch delays 0. The database's graphile_worker schema is dropped
// and recreated first.
import { spawn } from "node:child_process";
import pg from "pg";
import { Logger, run, runMigrations } from "graphile-worker";

const [mode, url, a = "", b = "", c = ""] = process.argv.slice(2);
if (!mode || !url) { console.error("usage: node bench.mjs burndown|latency URL [...]"); process.exit(2); }
// Errors only: a success line per job would measure the terminal, not the queue.
const logger = new Logger(() => (level, message) => { if (level === "error") console.error(message); });
const now = () => performance.timeOrigin + performance.now();
const preset = { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } };

async function reset(client) {
  await client.query("DROP SCHEMA IF EXISTS graphile_worker CASCADE");
  await runMigrations({ connectionString: url, logger });
}

if (mode === "burndown") {
  const jobs = Number(a || 200000), processes = Number(b || 2), concurrency = Number(c || 10);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await reset(client);
  const t0 = now();
  for (let done = 0; done < jobs; done += 50000) {
    const n = Math.min(50000, jobs - done);
    await client.query(
      "SELECT graphile_worker.add_jobs(array(SELECT ROW('noop', json_build_object('n', g), NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec FROM generate_series(1, $1) g))",
      [n]);
  }
  const insertSec = (now() - t0) / 1000;
  await client.query("VACUUM ANALYZE graphile_worker._private_jobs");
  await client.query("CHECKPOINT");
  await client.end();
  const results = await Promise.all(Array.from({ length: processes }, () => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL("./worker.mjs", import.meta.url).pathname], {
      env: { ...process.env, PEER_DATABASE_URL: url, PEER_CONCURRENCY: String(concurrency) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", d => (out += d));
    child.on("exit", code => code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop())) : reject(new Error(`worker exit ${code}`)));
  })));
  const worked = results.reduce((s, r) => s + r.count, 0);
  const first = Math.min(...results.filter(r => r.first).map(r => r.first));
  const last = Math.max(...results.filter(r => r.last).map(r => r.last));
  console.log(JSON.stringify({ peer: "graphile-worker", version: "0.18.0", mode, jobs, worked, processes, concurrency,
    insert_jobs_per_sec: Math.round(jobs / insertSec), work_jobs_per_sec: Math.round(worked / ((last - first) / 1000)) }));
} else if (mode === "latency") {
  const rate = Number(a || 300), seconds = Number(b || 10);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await reset(client);
  const committed = new Map(), latencies = [];
  let expected = Math.floor(rate * seconds), resolveAll;
  const allSeen = new Promise(r => (resolveAll = r));
  const runner = await run({
    connectionString: url, concurrency: 10, noHandleSignals: true, preset, logger,
    taskList: { probe: async payload => {
      const t = now(), at = committed.get(payload.i);
      if (at !== undefined) latencies.push(t - at); else committed.set(payload.i, -t);
      if (latencies.length === expected) resolveAll();
    } },
  });
  await new Promise(r => setTimeout(r, 1000)); // the worker's LISTEN in effect
  const start = now();
  for (let i = 0; i < expected; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
    await client.query("SELECT graphile_worker.add_job('probe', json_build_object('i', $1::int))", [i]);
    const t = now(), early = committed.get(i);
    if (early !== undefined) latencies.push(0); else committed.set(i, t); // worked before the commit call returned: 0
    if (latencies.length === expected) resolveAll();
  }
  await allSeen;
  await runner.stop();
  await client.end();
  latencies.sort((x, y) => x - y);
  const q = p => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 1000) / 1000;
  console.log(JSON.stringify({ peer: "graphile-worker", version: "0.18.0", mode, rate, seconds, jobs: expected,
    latency_ms: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) } }));
} else {
  console.error(`unknown mode '${mode}'`); process.exit(2);
}
