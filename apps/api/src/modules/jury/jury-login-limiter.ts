// Failed jury sign-ins are limited per login and per client address: after
// JURY_LOGIN_MAX_FAILURES failures within JURY_LOGIN_WINDOW_MINUTES, further attempts get `429`
// with `Retry-After` until the window ends (the password is not even checked then). A success
// clears the login's counter, not the address's. In memory, per API process.
import { Injectable } from '@nestjs/common';
import { JURY_LOGIN_MAX_FAILURES, JURY_LOGIN_WINDOW_MINUTES } from '@podium/contracts';
import { RateLimiterMemory } from 'rate-limiter-flexible';

@Injectable()
export class JuryLoginLimiter {
  private readonly failures = new RateLimiterMemory({ points: JURY_LOGIN_MAX_FAILURES, duration: JURY_LOGIN_WINDOW_MINUTES * 60, keyPrefix: 'jury-login' });

  private keys(event: string, login: string, address: string): string[] {
    return [`login:${event}/${login.toLowerCase()}`, `addr:${address}`];
  }

  /** Seconds to wait when either key used up its failures, else 0. */
  async blockedFor(event: string, login: string, address: string): Promise<number> {
    let wait = 0;
    for (const key of this.keys(event, login, address)) {
      const state = await this.failures.get(key);
      if (state && state.consumedPoints >= JURY_LOGIN_MAX_FAILURES) wait = Math.max(wait, Math.ceil(state.msBeforeNext / 1000));
    }
    return wait;
  }

  async recordFailure(event: string, login: string, address: string): Promise<void> {
    for (const key of this.keys(event, login, address)) {
      await this.failures.penalty(key, 1);
    }
  }

  async recordSuccess(event: string, login: string): Promise<void> {
    await this.failures.delete(`login:${event}/${login.toLowerCase()}`);
  }
}
