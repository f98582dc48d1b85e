// Describes the machine a figure was measured on.
import os from 'node:os';
import { readFileSync } from 'node:fs';

/** Cores, memory, CPU model, Node version, OS and date, for the head of RESULTS.md. */
export function machineInfo() {
  const cpus = os.cpus();
  let cgroupCpus;
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (quota !== 'max') cgroupCpus = Number(quota) / Number(period);
  } catch { /* not limited or not cgroup v2 */ }
  return {
    cores: cpus.length,
    cgroupCpus: cgroupCpus ?? null,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/** One line: "2 cores, 23.5 GiB, Intel(R) … , Node v20.x, Linux …, 2025-…". */
export function machineLine(m = machineInfo()) {
  return `${m.cores} cores${m.cgroupCpus ? ` (cgroup limit ${m.cgroupCpus})` : ''}, ${m.memoryGiB} GiB memory, ${m.cpuModel}, Node ${m.node}, ${m.os}, ${m.date}`;
}
