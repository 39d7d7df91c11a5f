import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Ceremony1796560000000 implements MigrationInterface {
  name = 'Ceremony1796560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ceremony" ("id" SERIAL NOT NULL, "event_id" integer NOT NULL, "rehearsal" boolean NOT NULL, "tasks" jsonb NOT NULL, "plan" jsonb NOT NULL, "revealed" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_by" character varying(64) NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "aborted" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_7a74702da3a16c11277ed153018" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_599c3f257656f96b9ee1c97069" ON "ceremony"  ("event_id") WHERE "ended_at" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_599c3f257656f96b9ee1c97069"`);
    await queryRunner.query(`DROP TABLE "ceremony"`);
  }
}
