import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventPrizes1796529477909 implements MigrationInterface {
  name = 'EventPrizes1796529477909';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" ADD "prizes" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "prizes"`);
  }
}
