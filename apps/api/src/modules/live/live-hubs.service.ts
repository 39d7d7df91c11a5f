// The live hubs of this node (one per followed event), the subscription handshake, and the
// wake-up paths: this node's commits (FeedService.publish), other nodes' commits (a tiny
// server-side message through the socket.io adapter when Redis is configured), and a slow poll
// that repairs any lost wake-up from the database log.
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  LIVE_HEARTBEAT_SECONDS,
  LIVE_MESSAGES,
  type LiveError,
  type LiveReplay,
  type LiveSnapshot,
  parseSubscribeRequest,
  type SnapshotReason,
} from '@podium/contracts';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { TokenAttemptsService } from '../../common/auth/token-attempts.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { EventEntity } from '../events/event.entity.js';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { TeamEntity } from '../teams/team.entity.js';
import { EventFeedHub, type HubStats } from './event-feed-hub.js';
import { LiveAudienceResolver } from './live-audience.resolver.js';
import { LiveEmitter } from './live-emitter.js';
import { LiveStateService } from './live-state.service.js';
import { JURY_SESSION_RESOLVER, type JurySession, type JurySessionResolver, jurySessionRoom } from './jury-session.resolver.js';
import { type LiveSubscriber, roomOf, type StreamKey, streamOf } from './live-subscriber.js';

/** Server-side message between nodes: "event ids whose log grew". */
const WAKE_MESSAGE = 'podium:feed-appended';
const POLL_MS = 2000;
/** Identical (re)subscription answers are built once for this long (a reconnect storm). */
const ANSWER_CACHE_MS = 1000;

interface SocketData {
  event?: string;
  room?: string;
}

type Answer = { kind: 'snapshot'; body: LiveSnapshot } | { kind: 'replay'; body: LiveReplay };

@Injectable()
export class LiveHubsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveHubsService.name);
  private readonly hubs = new Map<string, Promise<EventFeedHub | null>>();
  private readonly byId = new Map<number, EventFeedHub>();
  private readonly answers = new Map<string, { at: number; answer: Promise<Answer> }>();
  private timers: ReturnType<typeof setInterval>[] = [];
  private unsubscribe: (() => void) | null = null;
  private readonly multiNode: boolean;
  private readonly timing: AppConfig['liveTiming'];
  /** Why hubs were woken: this node's commits, another node's (through the adapter), the poll. */
  private readonly wakeups = { commit: 0, peer: 0, poll: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: FeedService,
    private readonly state: LiveStateService,
    private readonly audiences: LiveAudienceResolver,
    private readonly clock: Clock,
    private readonly attempts: TokenAttemptsService,
    private readonly emitter: LiveEmitter,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(JURY_SESSION_RESOLVER) jurySessions: JurySessionResolver,
  ) {
    this.multiNode = config.redisUrl !== undefined;
    this.timing = config.liveTiming;
    // An ended jury session (sign-out, revocation, new password) loses its live sockets at once,
    // on every node (the room is shared through the adapter).
    jurySessions.onSessionsEnded?.((ids) => {
      for (const id of ids) this.emitter.disconnectRoom(jurySessionRoom(id));
    });
  }

  onModuleInit(): void {
    this.unsubscribe = this.feed.onPublish((records) => this.onLocalCommit(records));
    this.timers.push(
      setInterval(() => {
        this.wakeups.poll++;
        this.forEachHub((hub) => void hub.wake());
      }, POLL_MS),
    );
    this.timers.push(setInterval(() => this.heartbeat(), LIVE_HEARTBEAT_SECONDS * 1000));
    for (const timer of this.timers) timer.unref?.();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.forEachHub((hub) => hub.close());
  }

  /**
   * Tells every stream room the seq it last carried (a client behind it resyncs). Streams that
   * carried a frame in the last `quietMs` skip it (default: half a period, so a client hears from
   * the server at least every 1.5 periods).
   */
  heartbeat(quietMs = (LIVE_HEARTBEAT_SECONDS * 1000) / 2): void {
    this.forEachHub((hub) => hub.heartbeat(quietMs));
  }

  /** Called by the gateway once socket.io is up. */
  attach(nsp: Namespace): void {
    this.emitter.attach(nsp);
    if (this.multiNode) {
      this.emitter.onPeer(WAKE_MESSAGE, (eventIds: unknown) => {
        if (!Array.isArray(eventIds)) return;
        this.wakeups.peer++;
        for (const id of eventIds) if (typeof id === 'number') void this.byId.get(id)?.wake();
      });
    }
  }

  async subscribe(socket: Socket, payload: unknown): Promise<void> {
    const fail = (error: LiveError) => socket.emit(LIVE_MESSAGES.error, error);
    const parsed = parseSubscribeRequest(payload);
    if (!parsed.ok) {
      fail({ code: 'subscribe.invalid', message: 'Invalid subscribe request: send { event, since?, token? }.', problems: parsed.problems });
      return;
    }
    const { event, since, token } = parsed.value;
    try {
      const hub = await this.hub(event);
      if (!hub) {
        fail({ code: 'event.not_found', message: `No event with slug "${event}".`, event });
        return;
      }
      const now = this.clock.now();
      // A token guessed over the feed counts like one guessed over REST (same address, same limit).
      if (token !== undefined && !(await this.tokenChecksAllowed(socket, event))) return;
      const resolved = await this.audiences.resolve(event, hub.eventId, token, now);
      if (!resolved.ok) {
        if (resolved.error.code === 'auth.invalid_token') await this.attempts.recordFailure(socket.request, 'live');
        fail(resolved.error);
        return;
      }
      const subscriber = resolved.subscriber;
      if (subscriber.team) hub.addTeam(subscriber.team);
      // Join before the answer's position is taken: frames after it reach the socket (the client
      // buffers them until the answer), frames up to it are in the answer.
      const data = socket.data as SocketData;
      const room = roomOf(event, streamOf(subscriber));
      if (data.room && data.room !== room) await socket.leave(data.room);
      // The hub builds jury frames only for jury sockets: it starts before this one joins, and
      // first sends what it staged without them, so this socket's answer covers those entries.
      const joined = subscriber.audience === 'jury' ? await hub.admitJury() : null;
      try {
        await socket.join(room);
      } finally {
        joined?.();
      }
      if (resolved.jury) this.watchJurySession(socket, resolved.jury, now);
      data.event = event;
      data.room = room;
      if (since !== undefined && since > hub.position) await hub.wake(); // another node may be ahead of us
      // Both read in the same tick: the stream's last frame is the last one at or before `position`.
      const position = hub.position;
      const streamSeq = hub.streamPosition(streamOf(subscriber));
      const answer = await this.answer(hub, subscriber, since, position, now);
      if (answer.kind === 'replay') socket.emit(LIVE_MESSAGES.replay, answer.body);
      // The public and teams are told the last seq their stream carried, never the log's head
      // (which counts entries hidden from them, e.g. post-freeze results).
      else socket.emit(LIVE_MESSAGES.snapshot, subscriber.audience === 'jury' ? answer.body : { ...answer.body, seq: streamSeq });
    } catch (error) {
      this.logger.warn(`subscribe to "${event}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      fail({ code: 'server.unavailable', message: 'The live feed is temporarily unavailable; retrying.', event });
    }
  }

  private async tokenChecksAllowed(socket: Socket, event: string): Promise<boolean> {
    try {
      await this.attempts.assertAllowed(socket.request);
      return true;
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 429) throw error;
      socket.emit(LIVE_MESSAGES.error, { code: 'auth.rate_limited', message: error.detail, event } satisfies LiveError);
      return false;
    }
  }

  /** A jury socket leaves when its session ends: revoked (room) or expired (timer). */
  private watchJurySession(socket: Socket, session: JurySession, now: Date): void {
    if (session.id) void socket.join(jurySessionRoom(session.id));
    const ms = session.expiresAt.getTime() - now.getTime();
    // setTimeout holds at most ~24.8 days; a session lasts 12 h.
    const timer = setTimeout(() => socket.disconnect(true), Math.min(Math.max(ms, 0), 2 ** 31 - 1));
    timer.unref?.();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  stats() {
    const events: { event: string; position: number; streams: Record<StreamKey, number>; stats: HubStats }[] = [];
    this.forEachHub((hub) => events.push({ event: hub.slug, position: hub.position, streams: hub.streamPositions(), stats: hub.stats }));
    return { node: process.pid, multiNode: this.multiNode, sockets: this.emitter.socketCount(), wakeups: { ...this.wakeups }, events };
  }

  /** Waits until this node has sent everything the log holds now (tests, bench). */
  async flush(): Promise<void> {
    const hubs: EventFeedHub[] = [];
    this.forEachHub((hub) => hubs.push(hub));
    await Promise.all(hubs.map((hub) => hub.flush()));
  }

  private answer(hub: EventFeedHub, subscriber: LiveSubscriber, since: number | undefined, position: number, now: Date): Promise<Answer> {
    const key = `${hub.slug}|${streamOf(subscriber)}|${since ?? '-'}|${position}`;
    const cached = this.answers.get(key);
    if (cached && Date.now() - cached.at < ANSWER_CACHE_MS) return cached.answer;
    const answer = this.buildAnswer(hub, subscriber, since, position, now);
    this.answers.set(key, { at: Date.now(), answer });
    answer.catch(() => this.answers.delete(key));
    if (this.answers.size > 500) {
      for (const [k, v] of this.answers) if (Date.now() - v.at >= ANSWER_CACHE_MS) this.answers.delete(k);
    }
    return answer;
  }

  private async buildAnswer(hub: EventFeedHub, subscriber: LiveSubscriber, since: number | undefined, position: number, now: Date): Promise<Answer> {
    let reason: SnapshotReason = 'initial';
    if (since !== undefined) {
      const result = await this.state.replay(hub.slug, hub.eventId, subscriber, since, position, now);
      if ('replay' in result) return { kind: 'replay', body: result.replay };
      reason = result.snapshot;
    }
    return { kind: 'snapshot', body: await this.state.snapshot(hub.slug, hub.eventId, subscriber, position, reason, now) };
  }

  private hub(slug: string): Promise<EventFeedHub | null> {
    let found = this.hubs.get(slug);
    if (!found) {
      found = this.openHub(slug);
      this.hubs.set(slug, found);
      // An unknown slug is not remembered (it may be imported later); a failure is retried.
      found.then(
        (hub) => (hub ? this.byId.set(hub.eventId, hub) : this.hubs.delete(slug)),
        () => this.hubs.delete(slug),
      );
    }
    return found;
  }

  private async openHub(slug: string): Promise<EventFeedHub | null> {
    if (!this.emitter.attached) throw new Error('live namespace not attached yet');
    const event = await this.dataSource.getRepository(EventEntity).findOneBy({ slug });
    if (!event) return null;
    const teams = await this.dataSource.getRepository(TeamEntity).find({ where: { eventId: event.id }, order: { slug: 'ASC' } });
    return EventFeedHub.open(
      slug,
      event.id,
      teams.map((t) => ({ id: String(t.id), slug: t.slug })),
      { feed: this.feed, emitter: this.emitter, state: this.state, options: { ...this.timing, readBatch: 500, now: () => this.clock.now() } },
    );
  }

  private onLocalCommit(records: readonly FeedEventRecord[]): void {
    const ids = [...new Set(records.map((r) => r.eventId))];
    this.wakeups.commit++;
    for (const id of ids) void this.byId.get(id)?.wake();
    if (this.multiNode) {
      try {
        this.emitter.toPeers(WAKE_MESSAGE, ids);
      } catch (error) {
        // The poll repairs it within POLL_MS.
        this.logger.warn(`wake-up to other nodes failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private forEachHub(run: (hub: EventFeedHub) => void): void {
    for (const hub of this.byId.values()) run(hub);
  }
}
