// Jury test plumbing: the submission harness (real app, real scoring, controllable clock) plus
// the round's jury (an organiser and a juror), a second event with its own organiser, passwords
// set through the admin route, and signed-in sessions.
import request from 'supertest';
import { expect } from 'vitest';
import { DataSource } from 'typeorm';
import type { JurySessionResponse } from '@podium/contracts';
import { EventEntity } from '../../src/modules/events/event.entity.js';
import { JuryMemberEntity } from '../../src/modules/jury/jury-member.entity.js';
import { hashToken } from '../../src/common/security/token.js';
import { TeamEntity } from '../../src/modules/teams/team.entity.js';
import { adminAuth } from '../helpers/test-app.js';
import { createHarness, type Harness, type HarnessOptions } from '../submissions/submission-harness.js';
import { seedRound } from '../submissions/round-seed.js';

export const PASSWORDS = {
  chair: 'chair-password-0123',
  juror: 'juror-password-4567',
  other: 'other-password-89ab',
} as const;

export const OTHER_TEAM_TOKEN = 'token-of-the-other-event-team-0123456789';

export interface JuryHarness extends Harness {
  /** Signed in: organiser and juror of `round`, organiser of `other`. */
  sessions: { chair: JurySessionResponse; juror: JurySessionResponse; other: JurySessionResponse };
  signIn(event: string, login: string, password: string, address?: string): request.Test;
  bearer(session: JurySessionResponse): { Authorization: string };
  /** Cookie header of a session (browser style: CSRF token needed on state-changing requests). */
  cookie(session: JurySessionResponse): { Cookie: string };
}

export async function createJuryHarness(options: HarnessOptions = {}): Promise<JuryHarness> {
  const h = await createHarness({ teams: 3, env: { PODIUM_TRUST_PROXY: 'loopback' }, ...options });
  const dataSource = h.t.app.get(DataSource);
  const round = await dataSource.getRepository(EventEntity).findOneByOrFail({ slug: h.round.eventSlug });
  const other = await dataSource.getRepository(EventEntity).save({ slug: 'other', title: { en: 'Other', fr: 'Autre' }, timezone: 'Europe/Paris' });
  await seedRound(dataSource, { now: new Date(), eventSlug: 'other', taskSlug: 'brain', teams: 0 });
  await dataSource.getRepository(TeamEntity).save({ eventId: other.id, slug: 'stranger', name: 'Stranger', category: null, tokenHash: hashToken(OTHER_TEAM_TOKEN), tokenRotatedAt: new Date() });
  await dataSource.getRepository(JuryMemberEntity).save([
    { eventId: round.id, login: 'chair', name: 'Jury chair', role: 'organiser', passwordHash: null },
    { eventId: round.id, login: 'juror-1', name: 'Juror One', role: 'juror', passwordHash: null },
    { eventId: other.id, login: 'other-chair', name: 'Other chair', role: 'organiser', passwordHash: null },
  ]);
  const setPassword = async (event: string, login: string, password: string) =>
    request(h.t.server).post(`/api/admin/events/${event}/jury/${login}/password`).set(adminAuth).send({ password }).expect(204);
  await setPassword('round', 'chair', PASSWORDS.chair);
  await setPassword('round', 'juror-1', PASSWORDS.juror);
  await setPassword('other', 'other-chair', PASSWORDS.other);
  const signIn = (event: string, login: string, password: string, address = '10.0.0.1') =>
    request(h.t.server).post('/api/jury/session').set('X-Forwarded-For', address).send({ event, login, password });
  const open = async (event: string, login: string, password: string): Promise<JurySessionResponse> => {
    const res = await signIn(event, login, password, `10.1.0.${Math.floor(Math.random() * 200)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as JurySessionResponse;
  };
  return {
    ...h,
    sessions: { chair: await open('round', 'chair', PASSWORDS.chair), juror: await open('round', 'juror-1', PASSWORDS.juror), other: await open('other', 'other-chair', PASSWORDS.other) },
    signIn,
    bearer: (s) => ({ Authorization: `Bearer ${s.token}` }),
    cookie: (s) => ({ Cookie: `podium_jury=${s.token}` }),
  };
}
