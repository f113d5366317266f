import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { RETRY_AFTER_SECONDS } from '../errors/problem.filter';
import { Public } from '../http/access.decorator';
import { Lifecycle } from '../lifecycle/lifecycle';
import { HealthChecks } from './health.checks';

const VERSION = '0.1.0';
const EXAMPLE_DETAILS = {
  database: { status: 'up', latencyMs: 1 },
  uploads: { status: 'up', path: '/srv/efro/uploads', freeBytes: 80_000_000_000, minFreeBytes: 268_435_456 },
};

/** The @nestjs/terminus health check result: `details` has every check, `info` the healthy ones, `error` the others. */
class HealthCheckDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: string;
  @ApiPropertyOptional({ example: EXAMPLE_DETAILS }) info?: Record<string, unknown>;
  @ApiPropertyOptional({ example: {} }) error?: Record<string, unknown>;
  @ApiProperty({ example: EXAMPLE_DETAILS }) details: Record<string, unknown>;
}

class HealthDto extends HealthCheckDto {
  @ApiProperty({ example: 1234 }) uptimeSeconds: number;
  @ApiProperty({ example: VERSION }) version: string;
}

/** Liveness never depends on anything outside the process, so a database outage restarts nothing. */
const LIVE: HealthCheckResult = Object.freeze({ status: 'ok', info: {}, error: {}, details: {} });

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: HealthChecks,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers, without touching the database' })
  @ApiOkResponse({ type: HealthCheckDto })
  live(): HealthCheckResult {
    return LIVE;
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers, uploads can be stored, the embedded server (when used) runs' })
  @ApiOkResponse({ type: HealthCheckDto })
  @ApiServiceUnavailableResponse({ type: HealthCheckDto, description: 'Not ready: a check failed, or the instance is shutting down' })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.run(reply, false);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Readiness with details: migrations applied, database pool use, the mail outbox (details.mail: pending, failed, skipped; never makes readiness fail), uptime and version' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'Not ready: a check failed, or the instance is shutting down' })
  async detailed(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const result = await this.run(reply, true);
    return { ...result, uptimeSeconds: Math.round(process.uptime()), version: VERSION };
  }

  /** Terminus answers a failed check with an exception; here it becomes the 503 body itself. */
  private async run(reply: FastifyReply, detailed: boolean): Promise<HealthCheckResult> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check(this.checks.all(detailed));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    if (this.lifecycle.stopping) result = { ...result, status: 'shutting_down' };
    if (result.status === 'error' || result.status === 'shutting_down') {
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
    }
    return result;
  }
}
