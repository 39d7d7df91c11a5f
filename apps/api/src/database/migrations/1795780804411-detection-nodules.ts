import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DetectionNodules1795780804411 implements MigrationInterface {
  name = 'DetectionNodules1795780804411';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "answer_case" ADD "nodules" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "answer_case" DROP COLUMN "nodules"`);
  }
}
