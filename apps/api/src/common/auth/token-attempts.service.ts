// Failed token checks (team and admin bearer tokens) per client address: each one is logged, and
// past the configured count in a window every token check from that address answers 429 until the
// window ends - valid tokens included, or the difference would still tell a guesser when it hit.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { FailureLimiterFactory } from '../security/failure-limiter.factory.js';
import type { FailureLimiter } from '../security/failure-limiter.js';
import { clientAddress } from '../http/client-address.js';

export type TokenKind = 'admin' | 'team' | 'live';

@Injectable()
export class TokenAttemptsService {
  private readonly logger = new Logger('TokenAttempts');
  private readonly limiter: FailureLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig, limiters: FailureLimiterFactory) {
    this.limiter = limiters.create({ name: 'auth-token', maxFailures: config.authFailureLimit, windowSeconds: config.authFailureWindowSeconds });
  }

  /** 429 problem when this address used up its failed attempts. */
  async assertAllowed(request: IncomingMessage): Promise<void> {
    await this.limiter.assertAllowed(clientAddress(request), 'token');
  }

  async recordFailure(request: IncomingMessage, kind: TokenKind): Promise<void> {
    const address = clientAddress(request);
    const { failures, blockedForMs } = await this.limiter.recordFailure(address);
    const { maxFailures, windowSeconds } = this.limiter.options;
    // One line per failure up to the limit, then one when the address gets blocked: a flood of
    // guesses must not become a flood of log lines.
    if (failures <= maxFailures) {
      this.logger.warn(`Failed ${kind} token check from ${address} on ${request.method} ${(request.url ?? '').split('?')[0]} (${failures}/${maxFailures} in ${windowSeconds} s)${blockedForMs > 0 ? `; blocked for ${Math.ceil(blockedForMs / 1000)} s` : ''}`);
    }
  }
}
