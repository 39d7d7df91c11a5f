// Director control: an organiser pins what `follow=director` screens show. Each pin or release is
// a public `director` feed entry, so screens obey live and a snapshot carries the one in force.
import { Injectable } from '@nestjs/common';
import { DIRECTOR_SCENES, type DirectorResponse, type DirectorState, type Problem } from '@podium/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import type { JuryPrincipal } from './jury-auth.service.js';

/** The director state in force for an event: the latest `director` entry of its log. */
export async function directorState(manager: EntityManager, eventId: number): Promise<DirectorState | null> {
  const rows: { data: { director?: DirectorState | null } }[] = await manager.query(
    `SELECT data FROM feed_event WHERE event_id = $1 AND type = 'director' AND audience = 'all' ORDER BY seq DESC LIMIT 1`,
    [eventId],
  );
  return rows[0]?.data.director ?? null;
}

@Injectable()
export class DirectorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: FeedService,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async current(jury: JuryPrincipal): Promise<DirectorResponse> {
    return { event: jury.event, director: await directorState(this.dataSource.manager, jury.eventId) };
  }

  async pin(jury: JuryPrincipal, body: unknown): Promise<DirectorResponse> {
    const raw = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const problems: Problem[] = [];
    if (typeof raw['scene'] !== 'string' || !(DIRECTOR_SCENES as readonly string[]).includes(raw['scene'])) {
      problems.push({ code: 'director.scene', path: 'scene', message: `scene must be one of ${DIRECTOR_SCENES.join(', ')}.`, found: JSON.stringify(raw['scene']) ?? 'undefined' });
    }
    const task = raw['task'] ?? null;
    if (task !== null) {
      const known: unknown[] = typeof task === 'string' ? await this.dataSource.query('SELECT 1 FROM task WHERE event_id = $1 AND slug = $2', [jury.eventId, task]) : [];
      if (known.length === 0) problems.push({ code: 'director.task', path: 'task', message: `task must be a task slug of event "${jury.event}" or null.`, found: JSON.stringify(task) });
    }
    const lang = raw['lang'] ?? null;
    if (lang !== null && lang !== 'en' && lang !== 'fr') problems.push({ code: 'director.lang', path: 'lang', message: 'lang must be "en", "fr" or null.', found: JSON.stringify(lang) });
    const reason = raw['reason'];
    if (reason !== undefined && typeof reason !== 'string') problems.push({ code: 'director.reason', path: 'reason', message: 'reason must be a string when given.' });
    const unknown = Object.keys(raw).filter((k) => !['scene', 'task', 'lang', 'reason'].includes(k));
    for (const k of unknown) problems.push({ code: 'director.unknown_field', path: k, message: `Unknown field "${k}"; expected { scene, task?, lang?, reason? }.` });
    if (problems.length > 0) throw new DomainError('invalid-request', 422, 'Invalid director pin', 'Nothing was pinned; fix every problem listed.', problems);
    const now = this.clock.now();
    const state: DirectorState = { scene: raw['scene'] as DirectorState['scene'], task: task as string | null, lang: lang as DirectorState['lang'], pinnedAt: now.toISOString(), by: jury.login };
    await this.write(jury, state, 'director.pin', typeof reason === 'string' ? reason : null, now);
    return { event: jury.event, director: state };
  }

  async release(jury: JuryPrincipal, body: unknown): Promise<DirectorResponse> {
    const reason = (body as { reason?: unknown } | null)?.reason;
    await this.write(jury, null, 'director.release', typeof reason === 'string' ? reason : null, this.clock.now());
    return { event: jury.event, director: null };
  }

  private async write(jury: JuryPrincipal, state: DirectorState | null, action: string, reason: string | null, now: Date): Promise<void> {
    const records = await this.dataSource.transaction(async (manager) => {
      const record = await this.feed.append(manager, { eventId: jury.eventId, type: 'director', data: { director: state }, at: now });
      const { feed } = await this.audit.append(
        { event: jury.event, actor: `jury:${jury.login}`, action, target: `event:${jury.event}/director`, reason, details: state ? { ...state } : {}, at: now },
        manager,
      );
      return [record, feed];
    });
    this.feed.publish(records);
  }
}
