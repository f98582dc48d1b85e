import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { WorkerPool, WorkerLost } from '../../../server/src/host/pool';

const SLOW_WORKER = join(__dirname, '..', '..', 'helpers', 'slow-worker.cjs');

/**
 * The pool's hard timeout (2 × budget + 1 s) must count from when the worker starts a request:
 * documents opened together queue their analyses, and a request waiting behind others is not
 * the one that is slow. (Counted from posting, opening 200 documents killed the worker.)
 */
describe('WorkerPool time limits', function () {
  this.timeout(30_000);

  it('queued analyses are not charged for the ones ahead of them', async () => {
    process.env.SLOW_WORKER_MS = '300';
    const events: string[] = [];
    const pool = new WorkerPool(SLOW_WORKER, 1, () => undefined, (e) => events.push(e.kind));
    try {
      await pool.ready();
      // Hard timeout 2 × 50 + 1000 = 1.1 s each; six analyses of 300 ms take 1.8 s in all.
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.analyze(`file:///d${i}.js`, 1, 50)));
      assert.ok(performance.now() - started > 1100, 'the queue outlasts one hard timeout');
      assert.deepEqual(results.map((r) => r.uri), Array.from({ length: 6 }, (_, i) => `file:///d${i}.js`));
      assert.deepEqual(events, [], 'no worker was restarted');
    } finally {
      await pool.dispose();
    }
  });

  it('a request that runs past its own limit is stopped; the ones waiting run on the replacement', async () => {
    process.env.SLOW_WORKER_MS = '1500';
    const events: string[] = [];
    const pool = new WorkerPool(SLOW_WORKER, 1, () => undefined, (e) => events.push(e.kind));
    try {
      await pool.ready();
      // 2 × 50 + 1000 = 1.1 s < 1.5 s: every analysis is killed, each on its own clock, in turn.
      const outcomes = await Promise.allSettled([pool.analyze('file:///a.js', 1, 50), pool.analyze('file:///b.js', 1, 50)]);
      for (const o of outcomes) {
        assert.equal(o.status, 'rejected');
        assert.ok(o.reason instanceof WorkerLost && o.reason.timedOut, String(o.reason));
      }
      assert.deepEqual(events, ['restarted', 'restarted']);
    } finally {
      await pool.dispose();
    }
  });
});
