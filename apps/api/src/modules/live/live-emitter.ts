// Every write to the `/live` namespace goes through here: frames and heartbeats to this node's
// rooms, wake-ups to the other nodes, and disconnections. The hubs decide what and when; this
// class only talks to socket.io (the bench injects an instrumented subclass).
import { Injectable } from '@nestjs/common';
import { type FeedFrame, LIVE_MESSAGES, type LiveFeedBatch, type LiveHeartbeat } from '@podium/contracts';
import type { Namespace } from 'socket.io';

@Injectable()
export class LiveEmitter {
  private nsp: Namespace | null = null;

  /** Called by the gateway once socket.io is up. */
  attach(nsp: Namespace): void {
    this.nsp = nsp;
  }

  get attached(): boolean {
    return this.nsp !== null;
  }

  /** Sockets of this node in `room`. */
  roomSize(room: string): number {
    return this.nsp?.adapter.rooms.get(room)?.size ?? 0;
  }

  /** Sockets of this node on the namespace. */
  socketCount(): number {
    return this.nsp?.sockets.size ?? 0;
  }

  /** One message to this node's sockets of `rooms`: one frame as `feed`, several as one `feed-batch`. */
  frames(rooms: string[], frames: FeedFrame[]): void {
    if (frames.length === 1) this.nsp?.local.to(rooms).emit(LIVE_MESSAGES.feed, frames[0]);
    else this.nsp?.local.to(rooms).emit(LIVE_MESSAGES.batch, { frames } satisfies LiveFeedBatch);
  }

  heartbeat(room: string, heartbeat: LiveHeartbeat): void {
    this.nsp?.local.to(room).emit(LIVE_MESSAGES.heartbeat, heartbeat);
  }

  /** Disconnects the sockets of `room` on every node (the room is shared through the adapter). */
  disconnectRoom(room: string): void {
    this.nsp?.in(room).disconnectSockets(true);
  }

  /** A server-side message to the other nodes (through the adapter); throws when it cannot be sent. */
  toPeers(message: string, payload: unknown): void {
    this.nsp?.serverSideEmit(message, payload);
  }

  onPeer(message: string, handler: (payload: unknown) => void): void {
    this.nsp?.on(message, handler);
  }
}
