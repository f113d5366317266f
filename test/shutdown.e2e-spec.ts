import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Controller, Get, Module, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { shutdownGracefully } from '../src/core/lifecycle/graceful-shutdown';
import { Lifecycle } from '../src/core/lifecycle/lifecycle';
import { Public } from '../src/core/http/access.decorator';
import { createTestApp, TestApp } from './support/test-app';

/** Requests the test holds open: it says when each started and when it may finish. */
class Latch {
  entered!: () => void;
  readonly started = new Promise<void>((resolve) => (this.entered = resolve));
  release!: () => void;
  readonly released = new Promise<void>((resolve) => (this.release = resolve));
}

const held = { slow: new Latch(), stream: new PassThrough() };

@Controller('test-shutdown')
class HeldController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Waits for the test, then needs the database: it must still be there. */
  @Get('slow')
  @Public()
  async slow(): Promise<{ answer: number }> {
    held.slow.entered();
    await held.slow.released;
    const [{ answer }] = (await this.db.query('SELECT 42 AS answer')) as { answer: number }[];
    return { answer };
  }

  @Get('stream')
  @Public()
  stream(): StreamableFile {
    return new StreamableFile(held.stream, { type: 'text/csv' });
  }
}

@Module({ controllers: [HeldController] })
class HeldModule {}

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

describe('graceful shutdown', () => {
  it('stops accepting, finishes the request and the export in flight, then closes the database', async () => {
    held.slow = new Latch();
    held.stream = new PassThrough();
    const t = await createTestApp({ imports: [HeldModule] });
    const base = await listen(t);
    try {
      const slow = fetch(`${base}/test-shutdown/slow`);
      await held.slow.started;
      held.stream.write('kop;regel\r\n');
      const streaming = await fetch(`${base}/test-shutdown/stream`);
      expect(streaming.status).toBe(200);

      const lines: string[] = [];
      const shutdown = shutdownGracefully(t.app, 30_000, (line) => lines.push(line));
      expect(t.app.get(Lifecycle).stopping).toBe(true);
      expect(t.app.getHttpServer().listening).toBe(false);
      await expect(fetch(`${base}/health/live`)).rejects.toThrow();

      held.slow.release();
      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ answer: 42 });

      held.stream.end('1;2\r\n');
      expect(await streaming.text()).toBe('kop;regel\r\n1;2\r\n');

      expect(await shutdown).toEqual({ drained: true, cutOff: 0 });
      expect(t.db.isInitialized).toBe(false);
      expect(lines.join('\n')).toMatch(/waiting up to 30 s for 2 open connection/);
    } finally {
      await t.close().catch(() => undefined);
    }
  });

  it('cuts off what is still running when the grace period is over', async () => {
    held.slow = new Latch();
    const t = await createTestApp({ imports: [HeldModule] });
    const base = await listen(t);
    try {
      const slow = fetch(`${base}/test-shutdown/slow`).then(
        (r) => r.status,
        () => 'cut off',
      );
      await held.slow.started;
      const outcome = await shutdownGracefully(t.app, 200);
      expect(outcome).toEqual({ drained: false, cutOff: 1 });
      expect(await slow).toBe('cut off');
      expect(t.db.isInitialized).toBe(false);
    } finally {
      // The cut-off handler stays parked on its latch: the app it belonged to is gone.
      await t.close().catch(() => undefined);
    }
  });
});
