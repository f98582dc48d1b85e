import { parentPort } from 'node:worker_threads';
import { AnalysisHost } from './analysisHost';
import type { FromWorker, ToWorker } from './protocol';

/**
 * Worker-thread entry (dist/worker.js). Messages are queued until the engine has loaded the
 * Python grammar, then handled one at a time in order.
 */
if (!parentPort) throw new Error('dist/worker.js must run as a worker thread');
const port = parentPort;
const host = new AnalysisHost((m: FromWorker) => port.postMessage(m));
const queue: ToWorker[] = [];
let ready = false;
port.on('message', (m: ToWorker) => {
  if (!ready) {
    queue.push(m);
    return;
  }
  handle(m);
});

function handle(m: ToWorker): void {
  // Loading a workspace or earlier messages may have kept this thread busy since the request
  // was posted; the pool's hard timeout counts from here.
  if ('requestId' in m) port.postMessage({ type: 'started', requestId: m.requestId } satisfies FromWorker);
  try {
    host.handle(m);
  } catch (e) {
    // RE2's wasm heap cannot recover from an abort: end this thread; the pool starts a fresh
    // one (and fails the request as a lost worker, which the scheduler stops retrying).
    if ((e as Error)?.name === 'LinearEngineFailure') process.exit(70);
    const requestId = 'requestId' in m ? m.requestId : undefined;
    port.postMessage({ type: 'error', ...(requestId !== undefined ? { requestId } : {}), message: (e as Error).stack ?? String(e) } satisfies FromWorker);
  }
}

host.init().then(
  () => {
    ready = true;
    port.postMessage({ type: 'ready' } satisfies FromWorker);
    for (const m of queue.splice(0)) handle(m);
  },
  (e: unknown) => port.postMessage({ type: 'error', message: `engine failed to start: ${(e as Error).message}` } satisfies FromWorker),
);
