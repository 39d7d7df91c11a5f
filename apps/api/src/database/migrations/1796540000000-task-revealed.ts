import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskRevealed1796540000000 implements MigrationInterface {
  name = 'TaskRevealed1796540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" ADD "revealed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "revealed_at"`);
  }
}
