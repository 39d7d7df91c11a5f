// Which answer keys the scoring workers should hold: those of tasks whose window is open or still
// to come (a closed task's rescores load their key on demand). Read off the event loop's critical
// path: the bytes come from the blob store (files on the embedded database), the parsing happens
// in the workers (ScoringPool.warm).
import { Injectable } from '@nestjs/common';
import { answerKeyKind, maskRehearsalSpec } from '@podium/scoring';
import { DataSource, In } from 'typeorm';
import { BlobRepository } from '../blobs/blob.repository.js';
import type { AnswerKeyWarmupPort } from '../events/answer-key-warmup.port.js';
import { TaskEntity } from '../events/task.entity.js';
import { Clock } from '../../common/clock/clock.service.js';
import { ScoringPool, type WarmKey } from './scoring-pool.js';
import { answerKeyId, type AnswerKeyFiles, type AnswerKeyRef, KEY_CACHE_SIZE } from './scoring-task.js';

type KeyedTask = Pick<TaskEntity, 'id' | 'closesAt' | 'graceSeconds' | 'submissionSpec' | 'scores' | 'answerKeySha256' | 'answerMasksSha256'>;

@Injectable()
export class AnswerKeyWarmer implements AnswerKeyWarmupPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly blobs: BlobRepository,
    private readonly pool: ScoringPool,
    private readonly clock: Clock,
  ) {}

  /** Every open or upcoming task (start-up, a replaced worker, other nodes' imports). */
  async warmOpenTasks(): Promise<void> {
    await this.warm(await this.tasks());
  }

  async warmTasks(taskIds: number[]): Promise<void> {
    if (taskIds.length > 0) await this.warm(await this.tasks(taskIds));
  }

  private tasks(ids?: number[]): Promise<KeyedTask[]> {
    return this.dataSource.getRepository(TaskEntity).find({
      select: { id: true, closesAt: true, graceSeconds: true, submissionSpec: true, scores: true, answerKeySha256: true, answerMasksSha256: true },
      ...(ids ? { where: { id: In(ids) } } : {}),
      order: { closesAt: 'ASC', id: 'ASC' },
    });
  }

  private warm(tasks: KeyedTask[]): Promise<void> {
    const now = this.clock.now().getTime();
    const keys = new Map<string, WarmKey>();
    // Soonest closing first, as many as a worker keeps: the rest are loaded when they are needed.
    for (const task of tasks) {
      if (task.closesAt.getTime() + task.graceSeconds * 1000 <= now) continue;
      const ref = { csvSha256: task.answerKeySha256, masksSha256: task.answerMasksSha256 };
      if (keys.size >= KEY_CACHE_SIZE) break;
      const masks = task.submissionSpec.masks;
      const rehearsal = maskRehearsalSpec({ submission: task.submissionSpec, scores: task.scores });
      keys.set(answerKeyId(ref), {
        ref,
        kind: answerKeyKind(task.submissionSpec),
        ...(masks ? { masks } : {}),
        ...(rehearsal ? { rehearsal } : {}),
        load: () => loadAnswerKeyFiles(this.blobs, ref),
      });
    }
    return keys.size === 0 ? Promise.resolve() : this.pool.warm([...keys.values()]);
  }
}

/** A key's files from the blob store, for a worker to parse. */
export async function loadAnswerKeyFiles(blobs: BlobRepository, ref: AnswerKeyRef): Promise<AnswerKeyFiles> {
  const csv = await blobs.get(ref.csvSha256);
  if (!csv) throw new Error(`answer key blob ${ref.csvSha256} is missing`);
  const masksZip = ref.masksSha256 ? ((await blobs.get(ref.masksSha256)) ?? null) : null;
  return { csv, masksZip };
}
