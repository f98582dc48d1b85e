// A stand-in analysis worker for WorkerPool tests: speaks the worker protocol like
// server/src/worker/main.ts (ready, started, result) and spends SLOW_WORKER_MS of CPU on each
// analyze request, so queueing and time limits can be tested without the engine.
const { parentPort, workerData } = require('node:worker_threads');
const ms = (workerData && workerData.ms) || Number(process.env.SLOW_WORKER_MS || 300);
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  if (!('requestId' in m)) return;
  parentPort.postMessage({ type: 'started', requestId: m.requestId });
  if (m.type === 'configure') return parentPort.postMessage({ type: 'configured', requestId: m.requestId, problems: [] });
  const until = Date.now() + ms;
  while (Date.now() < until);
  parentPort.postMessage({ type: 'result', requestId: m.requestId, result: { uri: m.uri, version: m.version, findings: [], status: 'ok', durationMs: ms } });
});
