// The statistical-ties panel: asks the server with the seed and resamples typed in, then shows its
// answer as is (intervals, order frequencies, tied groups); a refusal is shown, not swallowed.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RobustnessPanel from '../src/components/robustness-panel.svelte';
import { ConsoleStore } from '../src/lib/console-store.svelte.js';
import { JuryApi } from '../src/lib/jury-api.js';
import { translator } from '../src/lib/messages.js';
import { SessionStore } from '../src/lib/session.svelte.js';
import { EVENT, ScriptedClient, type Call, type Route, on, problem, robustnessAnswer, routedFetch } from './builders.js';
import type { FeedClient } from '../src/lib/console-store.svelte.js';

const path = new RegExp(`^/api/jury/events/${EVENT}/tasks/lung/robustness\\?`);

function setup(routes: Route[], lang: 'en' | 'fr' = 'en') {
  const calls: Call[] = [];
  const fetchFn = routedFetch(routes, calls);
  const api = new JuryApi(fetchFn);
  const store = new ConsoleStore(EVENT, new SessionStore(api), api, { fetch: fetchFn, createClient: () => new ScriptedClient() as unknown as FeedClient, refreshDelayMs: 0, tickMs: 1000 });
  render(RobustnessPanel, { props: { store, task: 'lung', t: translator(lang), lang, precision: 3, timezone: 'Europe/Paris' } });
  return { calls };
}

describe('statistical ties panel', () => {
  it('computes with the seed and resamples typed in and renders the server\'s answer', async () => {
    const { calls } = setup([on('GET', path, (call) => Response.json(robustnessAnswer(Number(new URL(call.path, 'http://x').searchParams.get('seed')))))]);
    expect(screen.getByText('Not computed yet for this task.')).toBeTruthy();
    await fireEvent.input(screen.getByTestId('ties-resamples'), { target: { value: '500' } });
    await fireEvent.input(screen.getByTestId('ties-seed'), { target: { value: '7' } });
    await fireEvent.click(screen.getByTestId('ties-compute'));
    const table = await screen.findByTestId('ties-table');
    expect(calls.filter((c) => path.test(c.path)).map((c) => c.path)).toEqual([`/api/jury/events/${EVENT}/tasks/lung/robustness?resamples=500&seed=7`]);
    expect([...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()))).toEqual([
      ['1', 'Owkin', '0.912', '0.880 – 0.940', '1', '100 %'],
      ['2', 'Neuro AI', '0.801', '0.760 – 0.840', '2–3', '61.2 %tied'],
      ['3', 'Pixyl', '0.795', '0.750 – 0.830', '2–3', ''],
    ]);
    expect(within(screen.getByTestId('ties-groups')).getAllByTestId('ties-group').map((li) => li.textContent!.trim())).toEqual(['tied Neuro AI · Pixyl']);
    expect(screen.getByTestId('ties-meta').textContent).toContain('seed 7 · 500 resamples · 172 cases · threshold 95 %');
  });

  it('speaks French, and says when nobody is tied', async () => {
    const calm = { ...robustnessAnswer(), tiedGroups: [], neighbours: robustnessAnswer().neighbours.map((n) => ({ ...n, orderHolds: 1, tied: false })) };
    setup([on('GET', path, () => Response.json(calm))], 'fr');
    await fireEvent.click(screen.getByTestId('ties-compute'));
    expect((await screen.findByTestId('ties-groups')).textContent).toContain('Aucune égalité statistique parmi les 10 premières.');
    expect(screen.getByTestId('ties-table').querySelector('tbody tr td.score')!.textContent).toBe('0,912');
    expect(screen.getByTestId('ties-meta').textContent).toContain('graine 7 · 500 tirages');
  });

  it('shows an empty result as such, and a refusal with the server\'s words', async () => {
    let refuse = false;
    setup([on('GET', path, () => (refuse ? problem(422, 'resamples must be an integer from 1 to 10000 (default 1000).') : Response.json({ ...robustnessAnswer(), teams: [], neighbours: [], tiedGroups: [], cases: 0 })))]);
    await fireEvent.click(screen.getByTestId('ties-compute'));
    expect((await screen.findByTestId('ties-empty')).textContent).toBe('No team is ranked on the final split: nothing to resample.');
    refuse = true;
    await fireEvent.click(screen.getByTestId('ties-compute'));
    expect((await screen.findByTestId('ties-problem')).textContent).toContain('resamples must be an integer from 1 to 10000');
  });
});
