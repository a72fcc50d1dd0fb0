// One graphile-worker process of the peer benchmark: works the `noop` jobs until none is left (runOnce) and
// prints the wall-clock instants (ms since the epoch, sub-millisecond) of its first and last job as JSON.
import { Logger, runOnce } from "graphile-worker";

const url = process.env.PEER_DATABASE_URL;
const concurrency = Number(process.env.PEER_CONCURRENCY ?? 10);
const localQueue = Number(process.env.PEER_LOCAL_QUEUE ?? 500);
let first = null, last = null, count = 0;
// Errors only: a success line per job would measure the terminal, not the queue.
const logger = new Logger(() => (level, message) => { if (level === "error") console.error(message); });
const now = () => performance.timeOrigin + performance.now();

await runOnce({
  connectionString: url,
  concurrency,
  noHandleSignals: true,
  taskList: { noop: async () => { const t = now(); first ??= t; last = t; count++; } },
  preset: { worker: { localQueue: { size: localQueue }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  logger,
});
console.log(JSON.stringify({ first, last, count }));
