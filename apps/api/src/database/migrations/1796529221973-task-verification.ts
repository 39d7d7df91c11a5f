import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskVerification1796529221973 implements MigrationInterface {
  name = 'TaskVerification1796529221973';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "task_verification" ("id" SERIAL NOT NULL, "event_id" integer NOT NULL, "task_id" integer NOT NULL, "login" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "voided_at" TIMESTAMP WITH TIME ZONE, "voided_reason" text, CONSTRAINT "PK_5080be855b9d24b3d8e93ff425b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_973db74edfdebecbc5508c9999" ON "task_verification"  ("task_id", "login") WHERE "voided_at" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_973db74edfdebecbc5508c9999"`);
    await queryRunner.query(`DROP TABLE "task_verification"`);
  }
}
