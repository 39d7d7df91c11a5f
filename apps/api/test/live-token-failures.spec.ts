// Tokens guessed over the live feed count against the same per-address limit as REST: after
// PODIUM_AUTH_FAILURE_LIMIT wrong tokens in `subscribe`, the feed answers `auth.rate_limited` (and
// REST answers 429), while a subscribe without a token (the public feed) is never refused.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

const LIMIT = 3;

describe('failed token checks on the live feed', () => {
  let h: LiveHarness;
  const clients: RawLiveClient[] = [];
  beforeAll(async () => {
    h = await createLiveHarness({ teams: 1, env: { PODIUM_AUTH_FAILURE_LIMIT: String(LIMIT), PODIUM_AUTH_FAILURE_WINDOW_S: '600' } });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.t.close();
  });

  const subscribe = async (token?: string) => {
    const client = new RawLiveClient(h.url).subscribe({ event: h.round.eventSlug, ...(token ? { token } : {}) });
    clients.push(client);
    await until(() => client.errors.length + client.snapshots.length > 0, 'an answer to subscribe');
    return client;
  };

  it('counts wrong tokens, then refuses token checks from that address on the feed and over REST', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await subscribe(`not-a-token-${i}-0123456789abcdef`)).errors[0]?.code).toBe('auth.invalid_token');
    const limited = await subscribe(h.round.teams[0]!.token);
    expect(limited.snapshots).toHaveLength(0);
    expect(limited.errors[0]).toMatchObject({ code: 'auth.rate_limited', event: h.round.eventSlug });
    expect(limited.errors[0]!.message).toMatch(/try again in \d+ s/);
    await request(h.t.server).get('/api/teams/me').set('Authorization', `Bearer ${h.round.teams[0]!.token}`).expect(429);
    // The public feed needs no token and stays open to everyone.
    expect((await subscribe()).snapshots).toHaveLength(1);
  });
});
