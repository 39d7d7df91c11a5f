// POST /api/admin/events end to end: create, update, refuse what would lose submissions, and
// answer every broken bundle of the event-bundle catalogue with a precise 422.
import { badBundleCases, buildBundleZip, replaceOnce, VALID_EVENT_YAML, validBundleFiles } from '@podium/event-bundle';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/common/security/token.js';
import { AuditEntryEntity } from '../src/modules/audit/audit-entry.entity.js';
import { BlobRepository } from '../src/modules/blobs/blob.repository.js';
import { AnswerCaseEntity } from '../src/modules/events/answer-case.entity.js';
import { TaskEntity } from '../src/modules/events/task.entity.js';
import { JuryMemberEntity } from '../src/modules/jury/jury-member.entity.js';
import { SubmissionEntity } from '../src/modules/submissions/submission.entity.js';
import { TeamEntity } from '../src/modules/teams/team.entity.js';
import { adminAuth, createTestApp, type TestApp } from './helpers/test-app.js';

const BUNDLE_LIMIT_MB = 4;

function postBundle(t: TestApp, zip: Uint8Array) {
  return request(t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'application/zip').send(Buffer.from(zip));
}

/** The fixture event with its YAML edited. */
function bundleWith(edit: (yaml: string) => string): Uint8Array {
  const files = validBundleFiles();
  files['event.yaml'] = edit(VALID_EVENT_YAML);
  return buildBundleZip(files);
}

describe('event bundle import', () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await createTestApp({ env: { PODIUM_BUNDLE_LIMIT_MB: String(BUNDLE_LIMIT_MB) } });
    dataSource = t.app.get(DataSource);
  });
  afterAll(async () => t?.close());

  let firstTokens: Record<string, string> = {};

  it('creates the event and answers 201 with one token per team', async () => {
    const res = await postBundle(t, buildBundleZip(validBundleFiles())).expect(201);
    expect(res.body).toMatchObject({ slug: 'fixture-2019', created: true });
    expect(res.body.teams.map((team: { slug: string }) => team.slug).sort()).toEqual(['neuro-ai', 'owkin', 'paris-students', 'rad-lyon']);
    firstTokens = Object.fromEntries(res.body.teams.map((team: { slug: string; token: string }) => [team.slug, team.token]));
    for (const token of Object.values(firstTokens)) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const teams = await dataSource.getRepository(TeamEntity).find();
    for (const team of teams) expect(team.tokenHash).toBe(hashToken(firstTokens[team.slug]!));

    const details = await request(t.server).get('/api/events/fixture-2019').expect(200);
    expect(details.body.tasks.map((task: { slug: string }) => task.slug)).toEqual(['lung', 'ms', 'sarcopenia']);
    const lung = details.body.tasks[0];
    expect(lung).toMatchObject({
      title: { en: 'Lung CT: nodule >= 100 mm3' },
      clock: { opensAt: '2019-10-13T11:00:00.000Z', closesAt: '2019-10-13T13:00:00.000Z', freezeAt: '2019-10-13T12:40:00.000Z' },
      state: 'closed',
      quota: { submissions: 10, perMinutes: 60 },
      scores: [{ name: 'auc', better: 'max' }],
    });
    expect(details.body.tasks[2]).toMatchObject({ ranking: 'rank_sum', scores: [{ name: 'dice', better: 'max' }, { name: 'area_mse', better: 'min' }] });

    // Answer keys: rows in the database, files as blobs referenced by the task.
    const tasks = await dataSource.getRepository(TaskEntity).find({ order: { position: 'ASC' } });
    const lungCases = await dataSource.getRepository(AnswerCaseEntity).find({ where: { taskId: tasks[0]!.id }, order: { position: 'ASC' } });
    expect(lungCases).toHaveLength(12);
    expect(lungCases[0]).toMatchObject({ caseId: 'Poumon1', split: 'public', truth: { status: 1 } });
    const msCases = await dataSource.getRepository(AnswerCaseEntity).findBy({ taskId: tasks[1]!.id });
    expect(msCases.find((c) => c.caseId === 'Seq2')?.truth).toEqual({ edss: 3.5 });
    const keyBytes = await t.app.get(BlobRepository).get(tasks[0]!.answerKeySha256);
    expect(Buffer.from(keyBytes!).toString()).toBe(validBundleFiles()['keys/lung.csv']);
    expect(tasks[2]!.answerMasksSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await dataSource.getRepository(JuryMemberEntity).count()).toBe(2);

    const audit = await dataSource.getRepository(AuditEntryEntity).findBy({ action: 'event.create' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(firstTokens['owkin']!);
  });

  it('updates the event in place: tasks and teams by slug, new tokens only for new teams, keys replaced', async () => {
    const tasksBefore = await dataSource.getRepository(TaskEntity).find({ order: { position: 'ASC' } });
    const teamsBefore = await dataSource.getRepository(TeamEntity).find();
    // A submission on the lung task must survive the update.
    const blobSha = tasksBefore[0]!.answerKeySha256;
    await dataSource.getRepository(SubmissionEntity).save({
      taskId: tasksBefore[0]!.id,
      teamId: teamsBefore.find((team) => team.slug === 'owkin')!.id,
      status: 'scored',
      receivedAt: new Date(),
      sha256: blobSha,
      size: 10,
      fileName: 'lung.csv',
      idempotencyKey: 'k1',
      afterFreeze: false,
      problems: null,
      error: null,
      scoredAt: new Date(),
      attempt: 1,
    });

    const zip = bundleWith((y) => {
      let out = replaceOnce(y, '{ slug: owkin, name: Owkin, category: industry }', '{ slug: owkin, name: "Owkin SAS", category: industry }');
      out = replaceOnce(out, '  - { slug: neuro-ai, name: "Neuro AI" }\n', '  - { slug: brain-team, name: "Brain Team", category: student }\n');
      out = replaceOnce(out, 'fr: "Scanner thoracique : nodule >= 100 mm3" }', 'fr: "Scanner thoracique : nodule ≥ 100 mm3" }');
      out = replaceOnce(out, '  - { login: juror-1, name: "Dr Martin", role: juror }\n', '');
      return out;
    });
    const res = await postBundle(t, zip).expect(201);
    expect(res.body).toEqual({ slug: 'fixture-2019', created: false, teams: [{ slug: 'brain-team', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }] });

    const tasksAfter = await dataSource.getRepository(TaskEntity).find({ order: { position: 'ASC' } });
    expect(tasksAfter.map((task) => task.id)).toEqual(tasksBefore.map((task) => task.id));
    expect(tasksAfter[0]!.titleFr).toBe('Scanner thoracique : nodule ≥ 100 mm3');
    const teamsAfter = await dataSource.getRepository(TeamEntity).find();
    expect(teamsAfter.map((team) => team.slug).sort()).toEqual(['brain-team', 'owkin', 'paris-students', 'rad-lyon']);
    const owkin = teamsAfter.find((team) => team.slug === 'owkin')!;
    expect(owkin.name).toBe('Owkin SAS');
    expect(owkin.tokenHash).toBe(hashToken(firstTokens['owkin']!)); // existing teams keep their token
    expect(await dataSource.getRepository(SubmissionEntity).count()).toBe(1);
    expect(await dataSource.getRepository(AnswerCaseEntity).countBy({ taskId: tasksAfter[0]!.id })).toBe(12);
    expect((await dataSource.getRepository(JuryMemberEntity).find()).map((m) => m.login)).toEqual(['chair']);
  });

  it('refuses to drop a task or a team that has submissions, and changes nothing', async () => {
    const zip = bundleWith((y) => {
      let out = replaceOnce(y, '  - { slug: owkin, name: Owkin, category: industry }\n', '');
      const lungStart = out.indexOf('  - slug: lung\n');
      const msStart = out.indexOf('  - slug: ms\n');
      out = out.slice(0, lungStart) + out.slice(msStart);
      return out.replace('  - { slug: neuro-ai, name: "Neuro AI" }\n', '  - { slug: brain-team, name: "Brain Team", category: student }\n');
    });
    const res = await postBundle(t, zip).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('/problems/bundle-conflict');
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'bundle.task_has_submissions', path: 'tasks', message: expect.stringContaining('"lung"') }),
        expect.objectContaining({ code: 'bundle.team_has_submissions', path: 'teams', message: expect.stringContaining('"owkin"') }),
      ]),
    );
    expect(await dataSource.getRepository(TaskEntity).countBy({ slug: 'lung' })).toBe(1);
    expect(await dataSource.getRepository(TeamEntity).countBy({ slug: 'owkin' })).toBe(1);
  });

  it('answers >= 20 distinct broken bundles each with a precise 422 and keeps serving', async () => {
    const cases = badBundleCases();
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const bad of cases) {
      const res = await postBundle(t, bad.zip);
      expect(res.status, bad.name).toBe(422);
      expect(res.headers['content-type'], bad.name).toMatch(/^application\/problem\+json/);
      expect(res.body.type, bad.name).toBe('/problems/invalid-bundle');
      const problems = res.body.problems as Array<Record<string, unknown>>;
      expect(problems.length, bad.name).toBeGreaterThan(0);
      expect(res.body.detail, bad.name).toContain(`${problems.length} problem`);
      const { messageIncludes, ...fields } = bad.expect;
      const expected = messageIncludes ? { ...fields, message: expect.stringContaining(messageIncludes) } : fields;
      expect(problems, bad.name).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
    }
    await request(t.server).get('/api/health').expect(200);
    // Nothing of the broken bundles reached the database.
    expect((await request(t.server).get('/api/events').expect(200)).body).toHaveLength(1);
  });

  it('refuses a body over the size limit with 413, and a non-zip content type with 415', async () => {
    const tooBig = new Uint8Array(BUNDLE_LIMIT_MB * 1024 * 1024 + 1);
    const res = await postBundle(t, tooBig);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    const wrongType = await request(t.server).post('/api/admin/events').set(adminAuth).set('Content-Type', 'text/plain').send('slug: x');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.type).toBe('/problems/unsupported-media-type');
    await request(t.server).get('/api/health').expect(200);
  });
});
