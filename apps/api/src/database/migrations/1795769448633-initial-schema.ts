import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795769448633 implements MigrationInterface {
  name = 'InitialSchema1795769448633';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_entry" ("id" SERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" character varying(128) NOT NULL, "action" character varying(64) NOT NULL, "target" character varying(256) NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_9d18bd4a32fc0cd8ff82b12037" ON "audit_entry"  ("at") `);
    await queryRunner.query(`CREATE TABLE "blob" ("sha256" character(64) NOT NULL, "bytes" bytea NOT NULL, "size" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7610467e6f8478552dc4876408b" PRIMARY KEY ("sha256"))`);
    await queryRunner.query(`CREATE TABLE "answer_case" ("id" SERIAL NOT NULL, "task_id" integer NOT NULL, "position" integer NOT NULL, "case_id" text NOT NULL, "normalized_id" text NOT NULL, "split" character varying(16) NOT NULL, "truth" jsonb NOT NULL, CONSTRAINT "PK_a3924414e89d78bef2eb35f6ee8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1915ecade56b2500222272d9e1" ON "answer_case"  ("task_id", "normalized_id") `);
    await queryRunner.query(`CREATE TABLE "event" ("id" SERIAL NOT NULL, "slug" character varying(64) NOT NULL, "title" jsonb NOT NULL, "timezone" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9d0d870657c4fac264cdca048e8" UNIQUE ("slug"), CONSTRAINT "PK_30c2f3bbaf6d34a55f8ae6e4614" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "task" ("id" SERIAL NOT NULL, "event_id" integer NOT NULL, "slug" character varying(64) NOT NULL, "position" integer NOT NULL DEFAULT '0', "title_en" text NOT NULL, "title_fr" text NOT NULL, "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "freeze_at" TIMESTAMP WITH TIME ZONE, "grace_seconds" integer NOT NULL DEFAULT '0', "quota_submissions" integer, "quota_per_minutes" integer, "leaderboard_policy" character varying(16) NOT NULL, "precision" integer, "max_upload_mb" integer, "submission_spec" jsonb NOT NULL, "scores" jsonb NOT NULL, "ranking" jsonb, "answer_key_sha256" character(64) NOT NULL, "answer_masks_sha256" character(64), CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b435a87f2591128e548000685d" ON "task"  ("event_id", "slug") `);
    await queryRunner.query(`CREATE TABLE "feed_event" ("seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "event_id" integer NOT NULL, "type" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "data" jsonb NOT NULL, "audience" character varying(80) NOT NULL, CONSTRAINT "PK_76f9624e9f25e4b9a7dd9132695" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE INDEX "IDX_f027aca0994b4c4043fb10b9db" ON "feed_event"  ("event_id", "seq") `);
    await queryRunner.query(`CREATE TABLE "jury_member" ("id" SERIAL NOT NULL, "event_id" integer NOT NULL, "login" character varying(64) NOT NULL, "name" text NOT NULL, "role" character varying(16) NOT NULL, "password_hash" text, CONSTRAINT "PK_208b3f007785647dfc5a521ac12" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_96e9b8d02a40030ba87eb49b78" ON "jury_member"  ("event_id", "login") `);
    await queryRunner.query(`CREATE TABLE "leaderboard_snapshot" ("id" SERIAL NOT NULL, "task_id" integer NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(32) NOT NULL, "rows" jsonb NOT NULL, CONSTRAINT "PK_91f9bc95058aa17bd5fe4a72227" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_bbaf440990601cc62ed0ffec3e" ON "leaderboard_snapshot"  ("task_id", "taken_at") `);
    await queryRunner.query(`CREATE TABLE "app_setting" ("key" character varying(64) NOT NULL, "value" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0d66bfb0d9f93124a4549d21af0" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE TABLE "case_result" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "case_id" text NOT NULL, "values" jsonb NOT NULL, CONSTRAINT "PK_3f3fdd4c6aec45fd9efe5cec673" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f67e5a3c93d5fc57911c6c239b" ON "case_result"  ("submission_id", "case_id") `);
    await queryRunner.query(`CREATE TABLE "score" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "name" character varying(64) NOT NULL, "public" double precision, "private" double precision, "all" double precision, CONSTRAINT "PK_1770f42c61451103f5514134078" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_baece0a42180d879cb649e680d" ON "score"  ("submission_id", "name") `);
    await queryRunner.query(`CREATE TABLE "submission" ("id" SERIAL NOT NULL, "task_id" integer NOT NULL, "team_id" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sha256" character(64) NOT NULL, "size" integer NOT NULL, "file_name" text NOT NULL, "idempotency_key" character varying(128), "after_freeze" boolean NOT NULL DEFAULT false, "problems" jsonb, "error" text, "scored_at" TIMESTAMP WITH TIME ZONE, "attempt" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_7faa571d0e4a7076e85890c9bd0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_8367bebcb05510d7fc39585592" ON "submission"  ("status", "received_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_6f26a3aad1fe70a47e53009540" ON "submission"  ("task_id", "team_id", "received_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b93c1e1761e7c5d868ca52d41d" ON "submission"  ("team_id", "idempotency_key") `);
    await queryRunner.query(`CREATE TABLE "team" ("id" SERIAL NOT NULL, "event_id" integer NOT NULL, "slug" character varying(64) NOT NULL, "name" text NOT NULL, "category" character varying(64), "token_hash" character(64) NOT NULL, "token_rotated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_311adc5426069e57365b8cc3f56" UNIQUE ("token_hash"), CONSTRAINT "PK_f57d8293406df4af348402e4b74" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f30336645f3cb3d1de8ae6cbff" ON "team"  ("event_id", "slug") `);
    await queryRunner.query(`ALTER TABLE "answer_case" ADD CONSTRAINT "FK_d989b53d68036641d3623d30111" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task" ADD CONSTRAINT "FK_5512953f207de074aea7e6b1515" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task" ADD CONSTRAINT "FK_615f3c5d87cb13588454b2ece93" FOREIGN KEY ("answer_key_sha256") REFERENCES "blob"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task" ADD CONSTRAINT "FK_9c2ed3a0b7bcefcee9ed07b69cc" FOREIGN KEY ("answer_masks_sha256") REFERENCES "blob"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "feed_event" ADD CONSTRAINT "FK_d36c005b35f6d55d274a53e9db1" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "jury_member" ADD CONSTRAINT "FK_4d7464c04bcdef5bf14ef95306a" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "leaderboard_snapshot" ADD CONSTRAINT "FK_2bc0612402d7066853ab3145804" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "case_result" ADD CONSTRAINT "FK_41b8bc503c66aed53961aad9f0d" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score" ADD CONSTRAINT "FK_c680731cddbc99faea47ea2e237" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "FK_9cddf02a64ceed9d4ee20cf9060" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "FK_ef19054cd64f0d1ea940b4d30e4" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "FK_5b2c8fcedae330c5e9c5816abfe" FOREIGN KEY ("sha256") REFERENCES "blob"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "team" ADD CONSTRAINT "FK_33fa7e3c5347290dbe5758295be" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "team" DROP CONSTRAINT "FK_33fa7e3c5347290dbe5758295be"`);
    await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "FK_5b2c8fcedae330c5e9c5816abfe"`);
    await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "FK_ef19054cd64f0d1ea940b4d30e4"`);
    await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "FK_9cddf02a64ceed9d4ee20cf9060"`);
    await queryRunner.query(`ALTER TABLE "score" DROP CONSTRAINT "FK_c680731cddbc99faea47ea2e237"`);
    await queryRunner.query(`ALTER TABLE "case_result" DROP CONSTRAINT "FK_41b8bc503c66aed53961aad9f0d"`);
    await queryRunner.query(`ALTER TABLE "leaderboard_snapshot" DROP CONSTRAINT "FK_2bc0612402d7066853ab3145804"`);
    await queryRunner.query(`ALTER TABLE "jury_member" DROP CONSTRAINT "FK_4d7464c04bcdef5bf14ef95306a"`);
    await queryRunner.query(`ALTER TABLE "feed_event" DROP CONSTRAINT "FK_d36c005b35f6d55d274a53e9db1"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_9c2ed3a0b7bcefcee9ed07b69cc"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_615f3c5d87cb13588454b2ece93"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_5512953f207de074aea7e6b1515"`);
    await queryRunner.query(`ALTER TABLE "answer_case" DROP CONSTRAINT "FK_d989b53d68036641d3623d30111"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f30336645f3cb3d1de8ae6cbff"`);
    await queryRunner.query(`DROP TABLE "team"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b93c1e1761e7c5d868ca52d41d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f26a3aad1fe70a47e53009540"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8367bebcb05510d7fc39585592"`);
    await queryRunner.query(`DROP TABLE "submission"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_baece0a42180d879cb649e680d"`);
    await queryRunner.query(`DROP TABLE "score"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f67e5a3c93d5fc57911c6c239b"`);
    await queryRunner.query(`DROP TABLE "case_result"`);
    await queryRunner.query(`DROP TABLE "app_setting"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bbaf440990601cc62ed0ffec3e"`);
    await queryRunner.query(`DROP TABLE "leaderboard_snapshot"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96e9b8d02a40030ba87eb49b78"`);
    await queryRunner.query(`DROP TABLE "jury_member"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f027aca0994b4c4043fb10b9db"`);
    await queryRunner.query(`DROP TABLE "feed_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b435a87f2591128e548000685d"`);
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(`DROP TABLE "event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1915ecade56b2500222272d9e1"`);
    await queryRunner.query(`DROP TABLE "answer_case"`);
    await queryRunner.query(`DROP TABLE "blob"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9d18bd4a32fc0cd8ff82b12037"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
