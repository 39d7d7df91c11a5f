// Signed final results of an event: per task, the ranks and scores on every split (the jury
// board's own computation), the sha256 of the answer key and of every submission that counts, the
// audit chain's head, signed with the event's Ed25519 key. The public gets revealed tasks only.
import { Injectable } from '@nestjs/common';
import {
  canonicalJson,
  type Problem,
  RESULTS_FORMAT,
  RESULTS_SIGNATURE_ALGORITHM,
  type ResultsAudience,
  type ResultsDocument,
  type ResultsRow,
  type ResultsSubmission,
  type ResultsTask,
  resultsSignedText,
} from '@podium/contracts';
import { DataSource } from 'typeorm';
import { DomainError, notFound } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { EventSigningKeys, type ResultsSigner } from '../events/event-signing-keys.js';
import { EventsRepository } from '../events/events.repository.js';
import type { EventEntity } from '../events/event.entity.js';
import type { TaskEntity } from '../events/task.entity.js';
import { JuryViewService } from '../jury/jury-view.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { signedResultsCsv } from './results-csv.js';

type ResultsContent = Omit<ResultsDocument, 'signature'>;

/** Built content of one event and audience, kept while nothing it depends on changed. */
interface CachedContent {
  fingerprint: string;
  content: Promise<ResultsContent>;
}

@Injectable()
export class ResultsService {
  /**
   * After a reveal many people fetch the same results at once: the content (boards, audit walk)
   * is built once per change of what it depends on - concurrent requests share the build - and
   * each answer is signed when served (so a locked key refuses every answer).
   */
  private readonly cache = new Map<string, CachedContent>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly views: JuryViewService,
    private readonly keys: EventSigningKeys,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** The event (for the audience check) or 404. */
  async event(slug: string): Promise<EventEntity> {
    const event = await this.events.findBySlug(slug);
    if (!event) throw notFound('event', `No event with slug "${slug}".`);
    return event;
  }

  /** The signed results as served: the canonical JSON of the signed document, or the signed CSV. */
  async published(event: EventEntity, audience: ResultsAudience, format: 'json' | 'csv'): Promise<string> {
    // The key first: making it appends to the audit chain, whose head the content then carries.
    await this.keys.publicKey(event);
    const content = await this.content(event, audience);
    const signer = await this.keys.signer(event);
    return format === 'csv' ? signedResultsCsv(content, signer) : canonicalJson(signed(content, signer));
  }

  private async content(event: EventEntity, audience: ResultsAudience): Promise<ResultsContent> {
    const fingerprint = await this.fingerprint(event);
    const key = `${event.id}/${audience}`;
    let cached = this.cache.get(key);
    if (!cached || cached.fingerprint !== fingerprint) {
      const entry: CachedContent = { fingerprint, content: this.build(event.slug, audience) };
      this.cache.set(key, entry);
      // A refusal (not revealed, broken chain) is answered again next time, never kept.
      entry.content.catch(() => this.cache.get(key) === entry && this.cache.delete(key));
      cached = entry;
    }
    return cached.content;
  }

  /**
   * What the content depends on: every jury decision, import and key is an audit entry (its seq);
   * the tasks' finalize / reveal state and answer keys; the submissions scored or rescored.
   */
  private async fingerprint(event: EventEntity): Promise<string> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT coalesce(max(seq), 0) FROM audit_entry WHERE event = $1) AS audit,
              (SELECT string_agg(concat_ws('/', t.id, t.finalized_at, t.revealed_at, t.answer_key_sha256, t.answer_masks_sha256), ',' ORDER BY t.id) FROM task t WHERE t.event_id = $2) AS tasks,
              (SELECT concat_ws('/', count(*), max(s.id), max(s.scored_at), max(s.rescored_at)) FROM submission s JOIN task t ON t.id = s.task_id WHERE t.event_id = $2) AS submissions`,
      [event.slug, event.id],
    )) as { audit: number | string; tasks: string | null; submissions: string }[];
    return JSON.stringify([String(row!.audit), row!.tasks, row!.submissions]);
  }

  private async build(slug: string, audience: ResultsAudience): Promise<ResultsContent> {
    const found = await this.events.findWithChildren(slug);
    if (!found) throw notFound('event', `No event with slug "${slug}".`);
    // Read the tasks fresh (not the round-truth cache): `revealed_at` decides what the public gets.
    const tasks = audience === 'jury' ? found.tasks : found.tasks.filter((t) => t.revealedAt !== null);
    if (tasks.length === 0 && audience === 'public') throw notRevealed(slug, found.tasks);
    const chain = await this.audit.verify(slug);
    if (!chain.ok) {
      throw new DomainError(
        'audit-chain-broken',
        409,
        'Audit chain broken',
        `The audit chain of event "${slug}" is broken (${chain.error.message}); results are not signed over a broken chain. Run \`npm run podium -- audit verify --event ${slug}\` and investigate.`,
      );
    }
    const now = this.clock.now();
    const content: ResultsContent = {
      format: RESULTS_FORMAT,
      event: { slug, title: found.event.title },
      audience,
      generatedAt: now.toISOString(),
      audit: { head: chain.head, entries: chain.entries },
      tasks: [],
    };
    for (const task of tasks) content.tasks.push(await this.task(slug, task));
    return content;
  }

  private async task(eventSlug: string, task: TaskEntity): Promise<ResultsTask> {
    const board = await this.views.board(eventSlug, task.slug);
    // Disqualified teams are on no board; the jury console lists them apart.
    const rows: ResultsRow[] = board.rows
      .filter((row) => !row.disqualified)
      .map((row) => ({ team: { slug: row.team.slug, name: row.team.name, category: row.team.category }, ranks: row.ranks, scores: row.scores, points: row.points, submissions: row.submissions }));
    const found: { id: number; team: string; received_at: Date | string; sha256: string }[] = await this.dataSource.query(
      `SELECT s.id, t.slug AS team, s.received_at, s.sha256 FROM submission s JOIN team t ON t.id = s.team_id
        WHERE s.task_id = $1 AND s.status = 'scored' AND s.disqualification IS NULL AND t.disqualification IS NULL ORDER BY s.id`,
      [task.id],
    );
    const submissions: ResultsSubmission[] = found.map((s) => ({ id: String(s.id), team: s.team, receivedAt: new Date(s.received_at).toISOString(), sha256: s.sha256 }));
    return {
      slug: task.slug,
      title: { en: task.titleEn, fr: task.titleFr },
      finalSplit: 'private',
      precision: board.precision,
      scores: board.scores,
      ranking: board.ranking,
      finalizedAt: task.finalizedAt?.toISOString() ?? null,
      revealedAt: task.revealedAt?.toISOString() ?? null,
      answerKey: { sha256: task.answerKeySha256, masksSha256: task.answerMasksSha256 },
      rows,
      submissions,
    };
  }
}

/** 404 for the public while no task is revealed: which tasks, where each stands, what comes next. */
/** The JSON document: the signature covers the canonical JSON of everything else. */
function signed(content: ResultsContent, signer: ResultsSigner): ResultsDocument {
  const value = signer.sign(Buffer.from(resultsSignedText(content), 'utf8'));
  return { ...content, signature: { algorithm: RESULTS_SIGNATURE_ALGORITHM, publicKey: signer.publicKey, value } };
}

function notRevealed(slug: string, tasks: TaskEntity[]): DomainError {
  const problems: Problem[] = tasks.map((t) => ({
    code: 'results.not_revealed',
    path: `task:${t.slug}`,
    message: t.finalizedAt
      ? `Task "${t.slug}" was finalized at ${t.finalizedAt.toISOString()}; its results become public when the official ceremony reveals its last step.`
      : `Task "${t.slug}" is not finalized yet (its round closes at ${t.closesAt.toISOString()}): the jury verifies and finalizes it, then the official ceremony reveals it.`,
  }));
  return new DomainError(
    'results-not-revealed',
    404,
    'Results not revealed yet',
    tasks.length === 0
      ? `Event "${slug}" has no task, so no results.`
      : `No task of event "${slug}" is revealed yet: results are public once the official ceremony reveals a task's last step (a jury session of the event sees them before).`,
    problems,
  );
}
