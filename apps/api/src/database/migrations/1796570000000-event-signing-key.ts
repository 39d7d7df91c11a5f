import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventSigningKey1796570000000 implements MigrationInterface {
  name = 'EventSigningKey1796570000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "event_signing_key" ("event_id" integer NOT NULL, "algorithm" character varying(16) NOT NULL, "public_key" character(64) NOT NULL, "private_key" text NOT NULL, "encrypted" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a44f615efe65232603b212cf8d6" PRIMARY KEY ("event_id"))`);
    await queryRunner.query(`ALTER TABLE "event_signing_key" ADD CONSTRAINT "FK_a44f615efe65232603b212cf8d6" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_signing_key" DROP CONSTRAINT "FK_a44f615efe65232603b212cf8d6"`);
    await queryRunner.query(`DROP TABLE "event_signing_key"`);
  }
}
