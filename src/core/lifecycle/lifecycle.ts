import { Injectable } from '@nestjs/common';

/**
 * Whether this instance is shutting down. Set first thing on SIGTERM, so readiness turns
 * 503, responses close their connections, and connections lost from then on are expected
 * (nobody warns about them).
 */
@Injectable()
export class Lifecycle {
  private stoppingSince: number | null = null;

  get stopping(): boolean {
    return this.stoppingSince !== null;
  }

  beginShutdown(): void {
    this.stoppingSince ??= Date.now();
  }
}
