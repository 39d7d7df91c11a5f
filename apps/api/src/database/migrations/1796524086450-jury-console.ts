import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JuryConsole1796524086450 implements MigrationInterface {
  name = 'JuryConsole1796524086450';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "jury_flag" ("id" SERIAL NOT NULL, "event_id" integer NOT NULL, "submission_id" integer NOT NULL, "note" text NOT NULL, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "resolved_by" character varying(64), "resolved_at" TIMESTAMP WITH TIME ZONE, "resolution" text, CONSTRAINT "PK_86f4d967ba7c51f3fbdda5a35b2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_cc42aafcd015402c341ec7a3c8" ON "jury_flag"  ("event_id", "status") `);
    await queryRunner.query(`CREATE TABLE "jury_session" ("id" character varying(36) NOT NULL, "member_id" integer NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" character varying(64), CONSTRAINT "UQ_00bcd62626cae1de6a2014cf616" UNIQUE ("token_hash"), CONSTRAINT "PK_2228ab2d0c3b2ca52e37d5ba0a9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_cce12ed83298865592be8a54d3" ON "jury_session"  ("member_id") `);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "event" character varying(100) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "seq" integer`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "reason" text`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "prev_hash" character(64)`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "hash" character(64)`);
    await queryRunner.query(`ALTER TABLE "submission" ADD "disqualification" jsonb`);
    await queryRunner.query(`ALTER TABLE "submission" ADD "rescored_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "team" ADD "disqualification" jsonb`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_44fafb4c6dec7891470225bb30" ON "audit_entry"  ("event", "seq") `);
    await queryRunner.query(`ALTER TABLE "jury_flag" ADD CONSTRAINT "FK_042c4a5fd1ae7f20e7134c09ec1" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "jury_session" ADD CONSTRAINT "FK_cce12ed83298865592be8a54d30" FOREIGN KEY ("member_id") REFERENCES "jury_member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "jury_session" DROP CONSTRAINT "FK_cce12ed83298865592be8a54d30"`);
    await queryRunner.query(`ALTER TABLE "jury_flag" DROP CONSTRAINT "FK_042c4a5fd1ae7f20e7134c09ec1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_44fafb4c6dec7891470225bb30"`);
    await queryRunner.query(`ALTER TABLE "team" DROP COLUMN "disqualification"`);
    await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "rescored_at"`);
    await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "disqualification"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "hash"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "prev_hash"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "reason"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "seq"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cce12ed83298865592be8a54d3"`);
    await queryRunner.query(`DROP TABLE "jury_session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc42aafcd015402c341ec7a3c8"`);
    await queryRunner.query(`DROP TABLE "jury_flag"`);
  }
}
