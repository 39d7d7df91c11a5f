// Limits of the `/live` namespace against floods: open connections per client address (a
// namespace middleware refuses the extra ones) and `subscribe` messages per socket (every one
// builds a snapshot or replay: 10,000 of them cost 61 MB of answers and a 1.3 s stall).
import { Inject, Injectable } from '@nestjs/common';
import type { LiveError } from '@podium/contracts';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';

export type SubscribeAdmission = { ok: true } | { ok: false; drop: boolean; error: LiveError };

/** The code a refused connection's `connect_error` carries in `data.code`. */
export const CONNECTION_LIMIT_CODE = 'connection.limit';

@Injectable()
export class LiveAdmission {
  private readonly perAddress = new Map<string, number>();
  private readonly subscribes: RateLimiterMemory | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const limit = config.liveSubscribesPerMinute;
    // Twice the limit is counted: past the limit a socket gets an error, past twice it is dropped.
    this.subscribes = limit > 0 ? new RateLimiterMemory({ points: limit * 2, duration: 60, keyPrefix: 'live-subscribe' }) : null;
  }

  /** Namespace middleware: counts the connection, or refuses it when its address is at the limit. */
  admit(socket: Socket, next: (error?: Error) => void): void {
    const limit = this.config.liveConnectionsPerAddress;
    const address = socket.handshake.address || 'unknown';
    const open = this.perAddress.get(address) ?? 0;
    if (limit > 0 && open >= limit) {
      const error = new Error(`Too many live connections from this address (${limit}); close some or retry later.`) as Error & { data?: unknown };
      error.data = { code: CONNECTION_LIMIT_CODE, limit };
      next(error);
      return;
    }
    this.perAddress.set(address, open + 1);
    socket.once('disconnect', () => {
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
    next();
  }

  /** One `subscribe` of this socket: allowed, refused with an error, or refused and the socket dropped. */
  async subscribe(socket: Socket): Promise<SubscribeAdmission> {
    if (!this.subscribes) return { ok: true };
    const limit = this.config.liveSubscribesPerMinute;
    let consumed: number;
    let retryMs: number;
    try {
      const res = await this.subscribes.consume(socket.id);
      consumed = res.consumedPoints;
      retryMs = res.msBeforeNext;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { ok: false, drop: true, error: this.rateLimited(limit, rejection.msBeforeNext) };
    }
    if (consumed <= limit) return { ok: true };
    return { ok: false, drop: false, error: this.rateLimited(limit, retryMs) };
  }

  /** Open connections per address (tests, admin health). */
  connections(): number {
    let total = 0;
    for (const n of this.perAddress.values()) total += n;
    return total;
  }

  private rateLimited(limit: number, retryMs: number): LiveError {
    const seconds = Math.max(1, Math.ceil(retryMs / 1000));
    return {
      code: 'subscribe.rate_limited',
      message: `Too many subscribe messages on this connection (at most ${limit} a minute); retry in ${seconds} s.`,
    };
  }
}
