import { Injectable } from '@nestjs/common';

/** The server's clock, injected so windows, quotas and freezes can be tested at exact instants. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
