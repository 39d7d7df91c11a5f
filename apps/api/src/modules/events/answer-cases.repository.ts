import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnswerCaseEntity } from './answer-case.entity.js';

@Injectable()
export class AnswerCasesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One chunk of a task's answer-case rows in its own short transaction; `replacing` (the first
   * chunk) removes the old key's rows in the same transaction. `rowsJson`: a JSON array of rows
   * (bundle preparation), inserted in one statement; null writes none.
   */
  async writeChunk(taskId: number, rowsJson: string | null, replacing: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (replacing) await manager.delete(AnswerCaseEntity, { taskId });
      if (rowsJson === null) return;
      await manager.query(
        `INSERT INTO answer_case (task_id, position, case_id, normalized_id, split, truth, nodules)
         SELECT $1, x.position, x.case_id, x.normalized_id, x.split, x.truth, x.nodules
           FROM jsonb_to_recordset($2::jsonb) AS x(position integer, case_id text, normalized_id text, split varchar, truth jsonb, nodules jsonb)`,
        [taskId, rowsJson],
      );
    });
  }
}
