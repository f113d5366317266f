import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app.config';
import { DomainError, notFound } from '../errors/domain.error';
import { ProblemDto } from '../errors/problem';
import { Public } from '../http/access.decorator';
import { Metrics } from './metrics';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Prometheus metrics for scrapers holding METRICS_TOKEN. Public as far as user accounts go (a
 * scraper has none), but off unless METRICS_ENABLED, and then refused without the token.
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    this.token = config.METRICS_ENABLED && config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : null;
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format); only with METRICS_ENABLED and the METRICS_TOKEN as bearer token' })
  @ApiHeader({ name: 'authorization', description: 'Bearer <METRICS_TOKEN>', required: true })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Metrics in the Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong METRICS_TOKEN', type: ProblemDto })
  @ApiNotFoundResponse({ description: 'Metrics are not enabled on this instance', type: ProblemDto })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.token) throw notFound('The route GET /metrics');
    const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    // Compared as digests: equal length, so timingSafeEqual reveals nothing about the token.
    if (!given || !timingSafeEqual(digest(given), this.token)) {
      throw new DomainError('unauthenticated', 'METRICS_TOKEN_INVALID', 'GET /metrics needs the METRICS_TOKEN as bearer token', [], {
        'www-authenticate': 'Bearer realm="metrics"',
      });
    }
    void reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store');
    return this.metrics.text();
  }
}
