import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** A free TCP port on 127.0.0.1, as the kernel hands one out. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/**
 * A PostgreSQL server of one test's own (never the machine's shared one) in a temporary data
 * folder on a free port, which the test may stop and start again.
 */
export class OwnPostgres {
  private readonly waiting: ((message: { event: string; ms?: number; url?: string }) => void)[] = [];

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly dir: string,
    readonly port: number,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => this.waiting.shift()?.(JSON.parse(line)));
  }

  static async start(): Promise<OwnPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'efro-outage-'));
    const port = await freePort();
    const child = spawn(process.execPath, [resolve(__dirname, 'embedded-pg.mjs'), join(dir, 'pg'), String(port)], { stdio: 'pipe' });
    child.stderr.on('data', () => undefined);
    const pg = new OwnPostgres(child, dir, port);
    await pg.next();
    return pg;
  }

  /** Server URL of the `postgres` database. */
  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/postgres`;
  }

  get dataDir(): string {
    return join(this.dir, 'pg');
  }

  /** Fast shutdown (SIGINT): sessions are terminated, as in a restart. Resolves with the milliseconds it took. */
  async stop(): Promise<number> {
    return this.command('stop');
  }

  async restart(): Promise<number> {
    return this.command('start');
  }

  async quit(): Promise<void> {
    await this.command('quit');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async command(name: string): Promise<number> {
    const answer = this.next();
    this.child.stdin.write(`${name}\n`);
    return (await answer).ms ?? 0;
  }

  private next(): Promise<{ event: string; ms?: number }> {
    return new Promise((ok, fail) => {
      const onExit = (code: number | null) => fail(new Error(`embedded PostgreSQL control exited (${code})`));
      this.child.once('exit', onExit);
      this.waiting.push((message) => {
        this.child.removeListener('exit', onExit);
        ok(message);
      });
    });
  }
}
