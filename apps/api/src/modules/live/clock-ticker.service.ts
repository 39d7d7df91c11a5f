// Appends a `clock` entry when a task opens, freezes or closes, so screens switch state on time
// without polling. Every node ticks; the entry's dedupe key makes the transition logged exactly
// once (the second node's insert is a no-op). With the freeze and the close, a leaderboard marker
// marked `reason: 'clock'` makes the hubs send each audience its board (frozen flag included)
// at that public instant, never later at a moment that would hint at a hidden result.
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ClockChange, ClockData } from '@podium/contracts';
import { visibleTaskClock } from '@podium/rules';
import { DataSource } from 'typeorm';
import { TaskEntity } from '../events/task.entity.js';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { revealOf, roundTask } from '../leaderboard/round-truth.repository.js';

const TICK_MS = 1000;
/** Transitions older than this at start-up are history, not news: they are not logged late. */
const RECENT_MS = 10 * 60_000;

export interface Transition {
  change: ClockChange;
  at: Date;
}

/** Transitions of a task that have happened at `now` (same boundaries as the rules). */
export function transitionsAt(task: Pick<TaskEntity, 'opensAt' | 'closesAt' | 'freezeAt'>, now: Date): Transition[] {
  const out: Transition[] = [];
  const t = now.getTime();
  if (t >= task.opensAt.getTime()) out.push({ change: 'opened', at: task.opensAt });
  if (task.freezeAt && t > task.freezeAt.getTime()) out.push({ change: 'frozen', at: task.freezeAt });
  if (t > task.closesAt.getTime()) out.push({ change: 'closed', at: task.closesAt });
  return out;
}

@Injectable()
export class ClockTickerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClockTickerService.name);
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Keys this node already logged or saw logged: no insert attempt every second. */
  private readonly done = new Set<string>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: FeedService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref?.();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass (tests call it directly). Overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = this.pass()
        .catch((error: unknown) => this.logger.warn(`clock tick failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.running = null));
    }
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = this.clock.now();
    const tasks = await this.dataSource.getRepository(TaskEntity).find();
    for (const task of tasks) {
      for (const transition of transitionsAt(task, now)) {
        const key = `clock:${task.slug}:${transition.change}:${transition.at.toISOString()}`;
        if (this.done.has(`${task.eventId}|${key}`)) continue;
        this.done.add(`${task.eventId}|${key}`);
        if (now.getTime() - transition.at.getTime() > RECENT_MS) continue;
        await this.log(task, transition, key, now);
      }
    }
  }

  private async log(task: TaskEntity, transition: Transition, key: string, now: Date): Promise<void> {
    // As every view: revealed once the official ceremony's last step of the task set revealed_at.
    const data: ClockData = { task: task.slug, change: transition.change, clock: visibleTaskClock(roundTask(task), revealOf(task), now) };
    const records = await this.dataSource.transaction(async (manager) => {
      const clock = await this.feed.appendOnce(manager, { eventId: task.eventId, type: 'clock', data: { ...data }, dedupeKey: key });
      if (!clock) return [];
      const appended: FeedEventRecord[] = [clock];
      if (transition.change !== 'opened') {
        appended.push(await this.feed.append(manager, { eventId: task.eventId, type: 'leaderboard', data: { task: task.slug, reason: 'clock' } }));
      }
      return appended;
    });
    this.feed.publish(records);
  }
}
