// The console wired to a routed fetch and a scripted feed: what a juror and an organiser see and do.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../src/components/app.svelte';
import { ConsoleStore, type FeedClient } from '../src/lib/console-store.svelte.js';
import { JuryApi } from '../src/lib/jury-api.js';
import { Preferences } from '../src/lib/preferences.svelte.js';
import { SESSION_HINT_KEY, SessionStore } from '../src/lib/session.svelte.js';
import type { ViewName } from '../src/lib/console-params.js';
import {
  EVENT,
  ScriptedClient,
  T0,
  juryBoard,
  juryEvent,
  jurySubmission,
  on,
  problem,
  publicBoard,
  rescorePreview,
  routedFetch,
  sessionFor,
  type Call,
  type Route,
} from './builders.js';

const stores: ConsoleStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.stop();
});

const eventRoute = on('GET', `/api/events/${EVENT}`, () => Response.json(juryEvent()));
const boardRoute = on('GET', `/api/jury/events/${EVENT}/tasks/lung/board`, () => Response.json(juryBoard()));
const publicBoardRoute = on('GET', `/api/events/${EVENT}/tasks/lung/leaderboard`, () => Response.json(publicBoard()));

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

async function setup(options: { routes?: Route[]; role?: 'organiser' | 'juror' | null; view?: ViewName; lang?: 'fr' | 'en'; hint?: string | null } = {}) {
  const calls: Call[] = [];
  const role = options.role ?? null;
  // The session the cookie holds, as a reloaded tab gets it back.
  const current = on('GET', '/api/jury/session', () => (role ? Response.json({ ...sessionFor(role), session: 's1' }) : problem(401, 'No session')));
  const fetchFn = routedFetch([...(options.routes ?? []), current, eventRoute, boardRoute, publicBoardRoute], calls);
  const api = new JuryApi(fetchFn);
  const storage = new MemoryStorage();
  // This browser signed in to the event before (unless told otherwise).
  const hint = options.hint === undefined ? EVENT : options.hint;
  if (hint !== null) storage.setItem(SESSION_HINT_KEY, hint);
  const session = new SessionStore(api, storage);
  await session.resume(EVENT);
  const prefs = new Preferences(options.lang ?? 'en', null);
  const client = new ScriptedClient();
  const createConsole = (event: string) => {
    const store = new ConsoleStore(event, session, api, {
      fetch: fetchFn,
      createClient: (clientOptions) => {
        client.options = clientOptions;
        return client as unknown as FeedClient;
      },
      refreshDelayMs: 0,
      tickMs: 1000,
    });
    stores.push(store);
    return store;
  };
  const view = render(App, { props: { session, prefs, event: EVENT, view: options.view ?? 'boards', createConsole } });
  return { calls, client, session, view, prefs, storage };
}

describe('sign-in', () => {
  it('signs in and subscribes to the feed with the session token', async () => {
    const { calls, client } = await setup({ routes: [on('POST', '/api/jury/session', () => Response.json(sessionFor('organiser'), { status: 201 }))] });
    await fireEvent.input(screen.getByLabelText('Login'), { target: { value: 'alice' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    await screen.findByTestId('boards-view');
    expect(calls.find((c) => c.path === '/api/jury/session' && c.method === 'POST')?.body).toEqual({ event: EVENT, login: 'alice', password: 'correct horse battery' });
    expect(client.options).toEqual({ event: EVENT, token: 'tok-organiser' });
    expect(screen.getByTestId('who').textContent).toContain('Alice Martin');
  });

  it('says only that the pair is wrong on a 401', async () => {
    await setup({ routes: [on('POST', '/api/jury/session', () => problem(401, 'Invalid credentials'))] });
    await fireEvent.input(screen.getByLabelText('Login'), { target: { value: 'alice' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'nope nope nope' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    expect((await screen.findByTestId('signin-error')).textContent).toBe('Wrong login or password.');
  });

  it('says how long to wait on a 429, in French too', async () => {
    await setup({ lang: 'fr', routes: [on('POST', '/api/jury/session', () => problem(429, 'Too many', { 'retry-after': '125' }))] });
    await fireEvent.input(screen.getByLabelText('Identifiant'), { target: { value: 'alice' } });
    await fireEvent.input(screen.getByLabelText('Mot de passe'), { target: { value: 'nope nope nope' } });
    await fireEvent.submit(screen.getByTestId('signin-form'));
    expect((await screen.findByTestId('signin-error')).textContent).toBe('Trop de tentatives. Réessayez dans 2 min 05 s.');
  });
});

describe('a reloaded tab', () => {
  it('gets its session back from the cookie, CSRF token included', async () => {
    const { session, calls } = await setup({ role: 'juror' });
    expect(session.current?.login).toBe('bob');
    expect(await screen.findByTestId('who')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/jury/session' && c.method === 'GET')).toBe(true);
  });

  it('shows the sign-in form when the cookie opens no session, and forgets the hint', async () => {
    const { session, storage } = await setup({ role: null });
    expect(session.current).toBeNull();
    expect(screen.getByTestId('signin-form')).toBeTruthy();
    expect(screen.queryByTestId('signin-error')).toBeNull();
    expect(storage.getItem(SESSION_HINT_KEY)).toBeNull();
  });

  it('asks nothing on a first visit (no 401 in the browser console)', async () => {
    const { calls } = await setup({ role: 'juror', hint: null });
    expect(screen.getByTestId('signin-form')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/jury/session')).toBe(false);
  });
});

describe('boards', () => {
  it('shows every split side by side, the frozen public board beside, and flags the differences', async () => {
    await setup({ role: 'juror' });
    const live = await screen.findByTestId('live-board');
    expect([...live.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-team'))).toEqual(['neuro-ai', 'owkin', 'pixyl']);
    const owkin = within(live).getByText('Owkin').closest('tr')!;
    expect([...owkin.querySelectorAll('td[data-split]')].map((td) => `${td.getAttribute('data-split')} ${td.textContent!.trim()}`)).toEqual([
      'public 1',
      'public 0.912',
      'private 2',
      'private 0.874',
      'all 1',
      'all 0.893',
    ]);
    expect(within(owkin).getByTestId('differs-flag')).toBeTruthy();
    // Owkin is 2nd on the screens: its public and all-cases ranks (1) are off, its private rank (2) is not.
    expect([...owkin.querySelectorAll('td.rank.off')].map((td) => td.getAttribute('data-split'))).toEqual(['public', 'all']);
    const frozen = screen.getByTestId('frozen-board');
    expect([...frozen.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-team'))).toEqual(['neuro-ai', 'owkin']);
    expect(screen.getByTestId('differ-summary').textContent).toContain('2 team(s)');
    const pixyl = within(live).getByText('Pixyl').closest('tr')!;
    expect(pixyl.classList.contains('dq')).toBe(true);
  });

  it('shows a juror the organiser actions disabled, with why', async () => {
    await setup({ role: 'juror' });
    const button = await screen.findByTestId('rescore-task');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute('title')).toBe('Organisers only');
  });

  it('reads the board again when the feed brings a leaderboard frame', async () => {
    const { calls, client } = await setup({ role: 'juror' });
    await screen.findByTestId('live-board');
    const before = calls.filter((c) => c.path.endsWith('/tasks/lung/board')).length;
    const board = { task: 'lung', rows: [], movements: { up: [], down: [], newLeader: null }, frozen: false, frozenAt: null, computedAt: new Date(T0).toISOString() };
    client.emit('frame', { seq: 9, prev: 8, type: 'leaderboard', at: new Date(T0).toISOString(), event: EVENT, data: board });
    await waitFor(() => expect(calls.filter((c) => c.path.endsWith('/tasks/lung/board')).length).toBe(before + 1));
  });
});

describe('actions', () => {
  it('previews a rescore, then applies it with the same reason and the CSRF header', async () => {
    const rescore = on('POST', `/api/jury/events/${EVENT}/tasks/lung/rescore`, (call) =>
      Response.json((call.body as { preview: boolean }).preview ? rescorePreview() : { ...rescorePreview(), preview: false }),
    );
    const { calls } = await setup({ role: 'organiser', routes: [rescore] });
    await screen.findByTestId('live-board');
    await fireEvent.click(screen.getByTestId('rescore-task'));
    const dialog = screen.getByTestId('action-dialog');
    expect((within(dialog).getByTestId('action-apply') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(within(dialog).getByRole('textbox'), { target: { value: 'answer key fixed' } });
    await fireEvent.click(within(dialog).getByTestId('action-preview'));
    const preview = await within(dialog).findByTestId('rescore-preview');
    expect([...preview.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual(['Neuro AIPrivate#2#1 ▲', 'OwkinPrivate#1#2 ▼']);
    await fireEvent.click(within(dialog).getByTestId('action-apply'));
    expect((await screen.findByTestId('notice')).textContent).toContain('Rescore applied: 2 rank change(s).');
    const posts = calls.filter((c) => c.method === 'POST' && c.path.endsWith('/rescore'));
    expect(posts.map((c) => c.body)).toEqual([
      { reason: 'answer key fixed', preview: true },
      { reason: 'answer key fixed', preview: false },
    ]);
    expect(posts.every((c) => c.headers['x-csrf-token'] === 'csrf-organiser')).toBe(true);
  });

  it('disqualifies a submission with a reason; the list shows it struck through with the reason', async () => {
    let disqualified = false;
    const list = on('GET', new RegExp(`^/api/jury/events/${EVENT}/submissions`), () =>
      Response.json({ event: EVENT, submissions: [jurySubmission(disqualified ? { disqualified: { reason: 'copied predictions', at: new Date(T0).toISOString(), by: 'alice' } } : {})] }),
    );
    const dq = on('POST', new RegExp('/submissions/.+/disqualify$'), () => {
      disqualified = true;
      return Response.json({ ok: true });
    });
    const { calls } = await setup({ role: 'organiser', view: 'submissions', routes: [dq, list] });
    await fireEvent.click(await screen.findByTestId('dq-submission'));
    const dialog = screen.getByTestId('action-dialog');
    await fireEvent.input(within(dialog).getByRole('textbox'), { target: { value: 'copied predictions' } });
    await fireEvent.click(within(dialog).getByTestId('action-confirm'));
    expect((await screen.findByTestId('dq-reason')).textContent).toBe('Disqualified: copied predictions');
    expect(screen.getByTestId('submissions-table').querySelector('tbody tr')!.classList.contains('dq')).toBe(true);
    expect(calls.find((c) => c.path.endsWith('/disqualify'))?.body).toEqual({ reason: 'copied predictions' });
  });

  it('lets a juror flag a submission with a note, and shows a refusal as it came', async () => {
    const list = on('GET', new RegExp(`^/api/jury/events/${EVENT}/submissions`), () => Response.json({ event: EVENT, submissions: [jurySubmission()] }));
    const flag = on('POST', `/api/jury/events/${EVENT}/flags`, () => problem(409, 'Already flagged by you'));
    const { calls } = await setup({ role: 'juror', view: 'submissions', routes: [list, flag] });
    expect(((await screen.findByTestId('dq-submission')) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('flag-submission'));
    const dialog = screen.getByTestId('action-dialog');
    expect(within(dialog).getByText('Note for the jury (required)')).toBeTruthy();
    await fireEvent.input(within(dialog).getByRole('textbox'), { target: { value: 'check the ids' } });
    await fireEvent.click(within(dialog).getByTestId('action-confirm'));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Conflict: Already flagged by you');
    expect(calls.find((c) => c.path.endsWith('/flags'))?.body).toEqual({ submission: jurySubmission().id, note: 'check the ids' });
  });

  it('lets an organiser resolve an open flag with a reason', async () => {
    const flag = { id: 'f1', submission: jurySubmission().id, task: 'lung', team: 'owkin', note: 'ids look shifted', by: 'bob', at: new Date(T0).toISOString(), status: 'open' as const, resolvedBy: null, resolvedAt: null, resolution: null };
    let resolved = false;
    const list = on('GET', new RegExp(`^/api/jury/events/${EVENT}/submissions`), () =>
      Response.json({ event: EVENT, submissions: [jurySubmission({ flags: [resolved ? { ...flag, status: 'resolved', resolvedBy: 'alice', resolvedAt: new Date(T0).toISOString(), resolution: 'ids checked' } : flag] })] }),
    );
    const resolve = on('POST', `/api/jury/events/${EVENT}/flags/f1/resolve`, () => {
      resolved = true;
      return Response.json({ ...flag, status: 'resolved' });
    });
    const { calls } = await setup({ role: 'organiser', view: 'submissions', routes: [list, resolve] });
    await fireEvent.click(await screen.findByTestId('resolve-flag'));
    const dialog = screen.getByTestId('action-dialog');
    await fireEvent.input(within(dialog).getByRole('textbox'), { target: { value: 'ids checked' } });
    await fireEvent.click(within(dialog).getByTestId('action-confirm'));
    expect(await screen.findByText('resolved by alice: ids checked')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/resolve'))?.body).toEqual({ reason: 'ids checked' });
  });

  it('lets an organiser revoke another member\'s session with a reason', async () => {
    const view = (id: string, login: string, current: boolean) => ({ id, login, name: login, role: 'juror' as const, createdAt: new Date(T0).toISOString(), expiresAt: new Date(T0 + 3600_000).toISOString(), lastSeenAt: null, current });
    const list = on('GET', `/api/jury/events/${EVENT}/sessions`, () => Response.json({ event: EVENT, sessions: [view('s1', 'alice', true), view('s2', 'bob', false)] }));
    const revoke = on('DELETE', `/api/jury/events/${EVENT}/sessions/s2`, () => new Response(null, { status: 204 }));
    const { calls } = await setup({ role: 'organiser', view: 'sessions', routes: [list, revoke] });
    const table = await screen.findByTestId('sessions-table');
    const [mine, bobs] = within(table).getAllByTestId('revoke') as HTMLButtonElement[];
    expect(mine!.disabled).toBe(true);
    await fireEvent.click(bobs!);
    const dialog = screen.getByTestId('action-dialog');
    await fireEvent.input(within(dialog).getByRole('textbox'), { target: { value: 'left the jury room' } });
    await fireEvent.click(within(dialog).getByTestId('action-confirm'));
    await screen.findByTestId('notice');
    const call = calls.find((c) => c.method === 'DELETE');
    expect(call?.body).toEqual({ reason: 'left the jury room' });
    expect(call?.headers['x-csrf-token']).toBe('csrf-organiser');
  });

  it('goes back to the sign-in form when the server says the session is gone', async () => {
    const { session } = await setup({ role: 'juror', routes: [on('GET', `/api/jury/events/${EVENT}/tasks/lung/board`, () => problem(401, 'Session expired'))] });
    expect((await screen.findByTestId('signin-error')).textContent).toBe('Your session expired: sign in again.');
    expect(session.current).toBeNull();
  });

  it('pins the director with scene, task and language, and shows what is pinned', async () => {
    const pinned = { scene: 'ticker', task: null, lang: 'en', pinnedAt: new Date(T0).toISOString(), by: 'alice' };
    let director: typeof pinned | null = null;
    const get = on('GET', `/api/jury/events/${EVENT}/director`, () => Response.json({ event: EVENT, director }));
    const pin = on('POST', `/api/jury/events/${EVENT}/director`, () => {
      director = pinned;
      return Response.json({ event: EVENT, director });
    });
    const { calls } = await setup({ role: 'organiser', view: 'director', routes: [get, pin] });
    expect((await screen.findByTestId('director-current')).getAttribute('data-pinned')).toBe('false');
    await fireEvent.change(screen.getByLabelText('Scene'), { target: { value: 'ticker' } });
    await fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'en' } });
    await fireEvent.click(screen.getByTestId('director-pin'));
    const dialog = screen.getByTestId('action-dialog');
    await fireEvent.input(within(dialog).getByRole('textbox'), { target: { value: 'ceremony' } });
    await fireEvent.click(within(dialog).getByTestId('action-confirm'));
    await waitFor(() => expect(screen.getByTestId('director-current').getAttribute('data-pinned')).toBe('true'));
    expect(screen.getByTestId('director-current').textContent).toContain('Now: submission ticker · EN');
    expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/director'))?.body).toEqual({ scene: 'ticker', task: null, lang: 'en', reason: 'ceremony' });
  });

  it('follows a view link opened while the console is open (only the fragment changes)', async () => {
    await setup({ role: 'juror' });
    await screen.findByTestId('boards-view');
    window.location.hash = '#teams';
    await screen.findByTestId('teams-view');
    window.location.hash = '#nowhere';
    await screen.findByTestId('boards-view');
    window.location.hash = '';
  });

  it('takes the board of a jury frame as it comes, without asking again', async () => {
    const { calls, client } = await setup({ role: 'juror' });
    await screen.findByTestId('live-board');
    const reads = calls.length;
    const board = juryBoard();
    board.rows = [board.rows[1]!, board.rows[0]!, board.rows[2]!];
    client.emit('frame', { seq: 9, prev: 8, type: 'jury', at: new Date(T0).toISOString(), event: EVENT, data: { kind: 'board', board } });
    await waitFor(() => expect([...screen.getByTestId('live-board').querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-team'))).toEqual(['owkin', 'neuro-ai', 'pixyl']));
    expect(calls.length).toBe(reads);
  });

  it('sends the audit filters to the server and shows the chain it answers', async () => {
    const audit = on('GET', new RegExp(`^/api/jury/events/${EVENT}/audit`), (call) =>
      Response.json({
        event: EVENT,
        total: 7,
        head: 'f'.repeat(64),
        entries: call.path.includes('action=jury.signin')
          ? [{ seq: 1, at: new Date(T0).toISOString(), actor: 'jury:alice', action: 'jury.signin', target: 'alice', reason: null, details: {}, hash: 'a'.repeat(64), prevHash: '0'.repeat(64) }]
          : [],
      }),
    );
    const { calls } = await setup({ role: 'juror', view: 'audit', routes: [audit] });
    await screen.findByText('No entry for these filters.');
    await fireEvent.input(screen.getByLabelText('Action'), { target: { value: 'jury.signin' } });
    await fireEvent.submit(screen.getByLabelText('Action').closest('form')!);
    const table = await screen.findByTestId('audit-table');
    expect(table.querySelectorAll('tbody tr')).toHaveLength(1);
    expect(screen.getByTestId('audit-chain').textContent).toBe('Chain: 7 entry(ies), newest hash ffffffffff…');
    expect(calls.at(-1)?.path).toBe(`/api/jury/events/${EVENT}/audit?action=jury.signin`);
  });
});

describe('ceremony controller', () => {
  const step = (index: number, place: number, team: string, over: Record<string, unknown> = {}) => ({
    index,
    revealed: false,
    data: {
      task: 'lung',
      step: index,
      team,
      rank: place,
      scores: { auc: 0.9 },
      ceremony: '1',
      rehearsal: false,
      prize: null,
      place,
      teams: [{ team, name: `Team ${team}`, category: null, rank: place, scores: { auc: 0.9 }, points: null, frozenRank: 1, movement: { kind: 'down', places: -1 } }],
      exAequo: false,
      winner: place === 1,
      last: place === 1,
      ...over,
    },
  });

  it('starts the official ceremony for the ticked finalized task, then Next (button or arrow key) reveals one step at a time with the next step in the notes', async () => {
    let revealed = -1;
    const steps = [step(1, 2, 'b'), step(2, 1, 'a')];
    const view = () => ({
      event: EVENT,
      tasks: [{ task: 'lung', title: { en: 'Lung', fr: 'Poumon' }, finalizedAt: new Date(T0).toISOString(), revealedAt: null }],
      ceremony:
        revealed < 0
          ? null
          : {
              id: '1',
              rehearsal: false,
              tasks: ['lung'],
              status: revealed < 2 ? 'running' : 'done',
              startedAt: new Date(T0).toISOString(),
              startedBy: 'alice',
              endedAt: null,
              revealed,
              of: 2,
              steps: steps.map((s, i) => ({ ...s, revealed: i < revealed })),
              next: revealed < 2 ? { ...steps[revealed]!, revealed: false } : null,
            },
    });
    const get = on('GET', `/api/jury/events/${EVENT}/ceremony`, () => Response.json(view()));
    const start = on('POST', `/api/jury/events/${EVENT}/ceremony`, () => {
      revealed = 0;
      return Response.json({ event: EVENT, ceremony: '1', rehearsal: false, tasks: [{ task: 'lung', steps: 2 }], steps: 2, audit: 9 }, { status: 201 });
    });
    const next = on('POST', `/api/jury/events/${EVENT}/ceremony/next`, () => {
      revealed++;
      return Response.json({ event: EVENT, ceremony: '1', step: revealed, of: 2, revealed: steps[revealed - 1]!.data, done: revealed === 2, audit: 10 });
    });
    const { calls } = await setup({ role: 'organiser', view: 'ceremony', routes: [next, get, start] });
    await fireEvent.click(await screen.findByRole('checkbox', { name: /Lung/ }));
    await fireEvent.click(screen.getByRole('radio', { name: /Official/ }));
    await fireEvent.click(screen.getByTestId('ceremony-start'));
    expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/ceremony'))?.body).toEqual({ tasks: ['lung'], rehearsal: false });
    expect((await screen.findByTestId('ceremony-next-step')).textContent).toContain('Team b');
    expect(screen.getByTestId('ceremony-kind').textContent).toBe('OFFICIAL');
    await fireEvent.click(screen.getByTestId('ceremony-next'));
    await waitFor(() => expect(screen.getByTestId('ceremony-progress').textContent).toBe('1 of 2 steps revealed'));
    expect(screen.getByTestId('ceremony-next-step').textContent).toContain('Team a');
    expect(screen.getByTestId('ceremony-next-step').textContent).toContain('last step: the final ranking becomes public');
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByTestId('ceremony-view').getAttribute('data-status')).toBe('done'));
    expect(calls.filter((c) => c.method === 'POST' && c.path.endsWith('/ceremony/next'))).toHaveLength(2);
    expect(screen.getByTestId('ceremony-outcome').textContent).toContain('Ceremony over: 2 steps revealed.');
  });
});
