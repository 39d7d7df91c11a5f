// Failed jury sign-ins are limited per login and per client address: after
// JURY_LOGIN_MAX_FAILURES failures within JURY_LOGIN_WINDOW_MINUTES, further attempts get `429`
// with `Retry-After` until the window ends (the password is not even checked then). A success
// clears the login's counter, not the address's. Counts live in the shared failure-limiter store
// (common/security: memory, or Redis across API nodes when REDIS_URL is set).
import { Injectable } from '@nestjs/common';
import { JURY_LOGIN_MAX_FAILURES, JURY_LOGIN_WINDOW_MINUTES } from '@podium/contracts';
import { FailureLimiterFactory } from '../../common/security/failure-limiter.factory.js';
import type { FailureLimiter } from '../../common/security/failure-limiter.js';

@Injectable()
export class JuryLoginLimiter {
  private readonly failures: FailureLimiter;

  constructor(limiters: FailureLimiterFactory) {
    this.failures = limiters.create({ name: 'jury-login', maxFailures: JURY_LOGIN_MAX_FAILURES, windowSeconds: JURY_LOGIN_WINDOW_MINUTES * 60 });
  }

  private keys(event: string, login: string, address: string): string[] {
    return [`login:${event}/${login.toLowerCase()}`, `addr:${address}`];
  }

  /** Seconds to wait when either key used up its failures, else 0. */
  async blockedFor(event: string, login: string, address: string): Promise<number> {
    let wait = 0;
    for (const key of this.keys(event, login, address)) wait = Math.max(wait, Math.ceil((await this.failures.blockedFor(key)) / 1000));
    return wait;
  }

  async recordFailure(event: string, login: string, address: string): Promise<void> {
    for (const key of this.keys(event, login, address)) await this.failures.recordFailure(key);
  }

  async recordSuccess(event: string, login: string): Promise<void> {
    await this.failures.reset(`login:${event}/${login.toLowerCase()}`);
  }
}
