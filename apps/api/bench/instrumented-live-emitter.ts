// The bench's LiveEmitter: the CPU each emit costs (socket.io encodes and writes synchronously)
// and a switch to drop connections, as a deploy or a Wi-Fi cut would (the reconnect storm).
// Injected in place of the product's emitter by the bench's server role only.
import type { FeedFrame } from '@podium/contracts';
import type { Namespace } from 'socket.io';
import { LiveEmitter } from '../src/modules/live/live-emitter.js';

export class InstrumentedLiveEmitter extends LiveEmitter {
  private namespace: Namespace | null = null;
  /** CPU spent inside frame emits, in microseconds. */
  emitCpuUs = 0;

  override attach(nsp: Namespace): void {
    super.attach(nsp);
    this.namespace = nsp;
  }

  override frames(rooms: string[], frames: FeedFrame[]): void {
    const cpu = process.cpuUsage();
    super.frames(rooms, frames);
    const spent = process.cpuUsage(cpu);
    this.emitCpuUs += spent.user + spent.system;
  }

  /** Drops up to `limit` live connections of this node: clients reconnect and resume from the log. */
  dropConnections(limit: number): number {
    let dropped = 0;
    for (const socket of this.namespace?.sockets.values() ?? []) {
      if (dropped >= limit) break;
      socket.disconnect(true);
      dropped++;
    }
    return dropped;
  }
}
