import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FeedEventDedupeKey1795770688934 implements MigrationInterface {
  name = 'FeedEventDedupeKey1795770688934';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "feed_event" ADD "dedupe_key" character varying(200)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f05c0d255097a99f86e231fe8d" ON "feed_event"  ("event_id", "dedupe_key") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_f05c0d255097a99f86e231fe8d"`);
    await queryRunner.query(`ALTER TABLE "feed_event" DROP COLUMN "dedupe_key"`);
  }
}
