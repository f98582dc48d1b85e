// Child-process helpers: wall time and peak RSS of a command.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const GNU_TIME = '/usr/bin/time';

/** True when GNU time (`/usr/bin/time -v`) is available for peak-RSS measurement. */
export function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /Maximum resident set size/.test(r.stderr);
}

/**
 * Runs a command to completion. Returns exit code, wall milliseconds, peak RSS in bytes (GNU time
 * when available, else polled VmHWM of the direct child) and captured stdout/stderr (truncated).
 * @param {string} cmd
 * @param {string[]} args
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, input?: string}} [opts]
 * @returns {Promise<{code: number|null, ms: number, peakRssBytes: number|null, stdout: string, stderr: string, timedOut: boolean}>}
 */
export function run(cmd, args, opts = {}) {
  const useTime = hasGnuTimeCached();
  let timeFile;
  let argv = [cmd, ...args];
  if (useTime) {
    timeFile = join(mkdtempSync(join(tmpdir(), 'rlbench-')), 'time.txt');
    argv = [GNU_TIME, '-v', '-o', timeFile, cmd, ...args];
  }
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let timedOut = false;
    child.stdout.on('data', (d) => { if (stdout.length < 4e6) stdout += d; });
    child.stderr.on('data', (d) => { if (stderr.length < 1e6) stderr += d; });
    if (opts.input !== undefined) child.stdin.end(opts.input); else child.stdin.end();
    const poll = useTime ? null : setInterval(() => { peak = Math.max(peak, readHwm(child.pid)); }, 25);
    const timer = opts.timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs) : null;
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      let peakRssBytes = peak || null;
      if (useTime && timeFile && existsSync(timeFile)) {
        const t = readFileSync(timeFile, 'utf8');
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(t);
        if (m) peakRssBytes = Number(m[1]) * 1024;
        const ex = /Exit status: (\d+)/.exec(t);
        if (ex) code = Number(ex[1]);
      }
      resolve({ code, ms, peakRssBytes, stdout, stderr, timedOut });
    });
  });
}

let gnuTimeCache;
function hasGnuTimeCached() {
  if (gnuTimeCache === undefined) gnuTimeCache = hasGnuTime();
  return gnuTimeCache;
}

/** Peak resident set (VmHWM) of a live process in bytes, 0 when unreadable. */
export function readHwm(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Current resident set (VmRSS) of a live process in bytes, 0 when unreadable. */
export function readRss(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
