import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskFinalization1796529581429 implements MigrationInterface {
  name = 'TaskFinalization1796529581429';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" ADD "finalized_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "task" ADD "finalized_by" character varying(64)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "finalized_by"`);
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "finalized_at"`);
  }
}
