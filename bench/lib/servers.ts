import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** A server under test running in a child process (the load generator stays in the bench process). */
export interface ChildServer {
  name: string;
  pid: number;
  port: number;
  baseUrl: string;
  /** The last lines the child wrote to stdout/stderr, for error reports. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnServerOptions {
  name: string;
  /** A compiled JavaScript file, run with the same node binary as the bench. */
  script: string;
  args?: string[];
  /** Added to the bench's environment; PORT and HOST are set by spawnServer. */
  env?: Record<string, string>;
  cwd?: string;
  /** Path polled until it answers 200, e.g. `/health/live`. */
  readyPath: string;
  readyTimeoutMs?: number;
  nodeOptions?: string[];
}

/** A TCP port free right now on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Starts `node <script>` on a free port and waits until `readyPath` answers 200. */
export async function spawnServer(options: SpawnServerOptions): Promise<ChildServer> {
  const port = await freePort();
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), resolve(options.script), ...(options.args ?? [])], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  let spawnFailure: Error | undefined;
  child.once('error', (error) => (spawnFailure = error));
  const output = () => tail.join('\n');

  const server: ChildServer = {
    name: options.name,
    pid: child.pid ?? -1,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output,
    async stop(graceMs = 10_000) {
      if (exited(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited(child)) child.kill('SIGKILL');
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const url = `${server.baseUrl}${options.readyPath}`;
  for (;;) {
    if (spawnFailure) throw new Error(`${options.name}: could not start: ${spawnFailure.message}`);
    if (exited(child)) {
      throw new Error(`${options.name} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop(2000);
      throw new Error(`${options.name} not ready at ${url} within ${options.readyTimeoutMs ?? 60_000} ms:\n${output()}`);
    }
    await sleep(100);
  }
}
