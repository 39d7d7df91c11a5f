// Per-case values move from one row per case (`case_result`) to one row per submission
// (`case_values`, the cases as a JSON array in answer-key order): a 500-mask settle wrote 500 rows.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseValues1796622437443 implements MigrationInterface {
  name = 'CaseValues1796622437443';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_values" ("submission_id" integer NOT NULL, "cases" jsonb NOT NULL, CONSTRAINT "PK_e46a3d49905a414ce935ec20490" PRIMARY KEY ("submission_id"))`);
    await queryRunner.query(`ALTER TABLE "case_values" ADD CONSTRAINT "FK_e46a3d49905a414ce935ec20490" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Rows were inserted in answer-key order, so `id` orders each submission's cases.
    await queryRunner.query(
      `INSERT INTO "case_values" ("submission_id", "cases") SELECT "submission_id", jsonb_agg(jsonb_build_object('caseId', "case_id", 'values', "values") ORDER BY "id") FROM "case_result" GROUP BY "submission_id"`,
    );
    await queryRunner.query(`DROP TABLE "case_result"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_result" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "case_id" text NOT NULL, "values" jsonb NOT NULL, CONSTRAINT "PK_3f3fdd4c6aec45fd9efe5cec673" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f67e5a3c93d5fc57911c6c239b" ON "case_result"  ("submission_id", "case_id") `);
    await queryRunner.query(`ALTER TABLE "case_result" ADD CONSTRAINT "FK_41b8bc503c66aed53961aad9f0d" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(
      `INSERT INTO "case_result" ("submission_id", "case_id", "values") SELECT v."submission_id", c.value->>'caseId', c.value->'values' FROM "case_values" v, jsonb_array_elements(v."cases") WITH ORDINALITY AS c(value, n) ORDER BY v."submission_id", c.n`,
    );
    await queryRunner.query(`ALTER TABLE "case_values" DROP CONSTRAINT "FK_e46a3d49905a414ce935ec20490"`);
    await queryRunner.query(`DROP TABLE "case_values"`);
  }
}
