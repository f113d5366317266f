import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../http/access.decorator';

const VERSION = '0.1.0';

class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: 'ok' | 'degraded';
  @ApiProperty({ example: { state: 'up', latencyMs: 1, migrationsApplied: 3 } })
  database: { state: 'up' | 'down'; latencyMs?: number; migrationsApplied?: number; error?: string };
  @ApiProperty({ example: 1234 }) uptimeSeconds: number;
  @ApiProperty({ example: '0.1.0' }) version: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers, without touching the database' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Service and database state' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The database is unreachable' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const started = process.hrtime.bigint();
    const base = { uptimeSeconds: Math.round(process.uptime()), version: VERSION };
    try {
      const [{ count }] = (await this.db.query('SELECT count(*)::int AS count FROM migrations')) as { count: number }[];
      const latencyMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
      return { status: 'ok', database: { state: 'up', latencyMs, migrationsApplied: count }, ...base };
    } catch (error) {
      void reply.status(503);
      return { status: 'degraded', database: { state: 'down', error: (error as Error).message }, ...base };
    }
  }
}
