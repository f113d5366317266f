import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident memory of a process from /proc/<pid>/status, in KiB (Linux only). */
export interface ProcMemory {
  /** VmRSS: resident now. */
  rssKb: number;
  /** VmHWM: the highest resident size since the process started. */
  hwmKb: number;
}

/** The memory of `pid`, or null when /proc has no such process (exited, or not Linux). */
export function procMemory(pid: number): ProcMemory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  };
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

export const mb = (kb: number) => kb / 1024;

export interface RssSummary {
  /** Highest VmRSS sampled, or the rise of VmHWM when it says more (a peak between two samples). */
  peakKb: number;
  /** VmRSS when sampling started. */
  startKb: number;
  samples: number;
  /** VmHWM at the start and at the end. */
  hwmStartKb: number;
  hwmEndKb: number;
}

/**
 * Samples the resident memory of `pid` every `intervalMs` until stopped. When VmHWM rose while
 * sampling, the process's true peak in that window is VmHWM (the sampling may have missed it).
 */
export function sampleRss(pid: number, intervalMs = 50): { stop(): RssSummary } {
  const first = procMemory(pid);
  const startKb = first?.rssKb ?? 0;
  const hwmStartKb = first?.hwmKb ?? 0;
  let peakKb = startKb;
  let samples = first ? 1 : 0;
  let lastHwm = hwmStartKb;
  const timer = setInterval(() => {
    const m = procMemory(pid);
    if (!m) return;
    samples += 1;
    if (m.rssKb > peakKb) peakKb = m.rssKb;
    lastHwm = m.hwmKb;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = procMemory(pid);
      if (last) {
        samples += 1;
        if (last.rssKb > peakKb) peakKb = last.rssKb;
        lastHwm = last.hwmKb;
      }
      if (lastHwm > hwmStartKb) peakKb = Math.max(peakKb, lastHwm);
      return { peakKb, startKb, samples, hwmStartKb, hwmEndKb: lastHwm };
    },
  };
}

/**
 * Waits for a freshly started process to give back its start-up garbage: V8's memory reducer
 * collects some seconds after the allocation rate drops (about 12 s after boot here), and RSS
 * then falls by 15-35 MB. Returns once RSS has fallen by `dropKb` and held for a second, or
 * after `maxMs`. A service waiting for an export request has long since settled so.
 */
export async function settleRss(pid: number, dropKb = 8 * 1024, maxMs = 30_000): Promise<{ fromKb: number; toKb: number; waitedMs: number }> {
  const started = Date.now();
  const fromKb = procMemory(pid)?.rssKb ?? 0;
  let droppedAt: number | null = null;
  while (Date.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 250));
    const rss = procMemory(pid)?.rssKb;
    if (rss === undefined) break;
    if (droppedAt === null && rss <= fromKb - dropKb) droppedAt = Date.now();
    if (droppedAt !== null && Date.now() - droppedAt >= 1000) break;
  }
  return { fromKb, toKb: procMemory(pid)?.rssKb ?? fromKb, waitedMs: Date.now() - started };
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  /** Resident memory of the child, sampled from /proc while it ran (a peak between samples can be missed). */
  rss: RssSummary | null;
}

export interface RunChildOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Kill the child (SIGKILL) after this long; default 10 minutes. */
  timeoutMs?: number;
  /** Sample the child's resident memory every this many ms; default none. */
  sampleRssMs?: number;
}

/** Runs a command to completion, collecting its output (the last 1 MB of each stream). */
export function runChild(command: string, args: readonly string[], options: RunChildOptions = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (into: string[]) => (chunk: Buffer) => {
      into.push(chunk.toString('utf8'));
      let size = into.reduce((s, c) => s + c.length, 0);
      while (size > 1_000_000 && into.length > 1) size -= into.shift()?.length ?? 0;
    };
    const out: string[] = [];
    const err: string[] = [];
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    const sampler = options.sampleRssMs && child.pid ? sampleRss(child.pid, options.sampleRssMs) : null;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      sampler?.stop();
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: out.join(''),
        stderr: err.join(''),
        elapsedMs: performance.now() - started,
        rss: sampler ? sampler.stop() : null,
      });
    });
  });
}
