// GET /api/teams/me reads the boards first and the team's rows after. A submission that settles
// between the two reads must show one consistent state: queued, or rejected with its problems -
// never "rejected" with no problem to read (the phone then shows a refusal without a reason).
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SubmissionsRepository } from '../../src/modules/submissions/submissions.repository.js';
import { createHarness, type Harness } from './submission-harness.js';

describe('GET /api/teams/me while a submission settles', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ teams: 1 });
  });
  afterAll(() => h.t.close());

  it('never answers a rejected status without its problems', async () => {
    const accepted = await h.submit(0, 'id,p\nNOT-A-CASE,0.5\n').expect(202);
    await h.settle();
    const db = h.t.app.get(DataSource);
    const [settled] = await db.query('SELECT status, problems FROM submission WHERE id = $1', [accepted.body.id]);
    expect(settled.status).toBe('rejected');
    // Replay the interleaving: the boards see the submission queued, scoring settles it, then
    // the team's rows are read.
    await db.query(`UPDATE submission SET status = 'queued', problems = NULL, scored_at = NULL WHERE id = $1`, [accepted.body.id]);
    const repository = h.t.app.get(SubmissionsRepository);
    const original = repository.findByTeam.bind(repository);
    const spy = vi.spyOn(repository, 'findByTeam').mockImplementationOnce(async (teamId) => {
      await db.query(`UPDATE submission SET status = 'rejected', problems = $2, scored_at = now() WHERE id = $1`, [accepted.body.id, JSON.stringify(settled.problems)]);
      return original(teamId);
    });
    const during = await request(h.t.server).get('/api/teams/me').set(h.auth(0)).expect(200);
    expect(spy).toHaveBeenCalledTimes(1);
    const seen = during.body.tasks[0].submissions.find((s: { id: string }) => s.id === accepted.body.id);
    expect(seen).toMatchObject({ status: 'queued', problems: [] });
    const after = await request(h.t.server).get('/api/teams/me').set(h.auth(0)).expect(200);
    const settledView = after.body.tasks[0].submissions.find((s: { id: string }) => s.id === accepted.body.id);
    expect(settledView.status).toBe('rejected');
    expect(settledView.problems).toEqual(settled.problems);
    expect(settledView.problems).toContainEqual(expect.objectContaining({ code: 'csv.unknown_id', caseId: 'NOT-A-CASE' }));
  });
});
