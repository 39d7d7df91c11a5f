import type { EventDetails, TaskDetails, TaskState } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { eventStatus, renderLandingPage } from './landing-page.renderer.js';

function task(slug: string, state: TaskState, freezeAt: string | null = null): TaskDetails {
  return {
    slug,
    title: { en: `Task ${slug}`, fr: `Épreuve ${slug}` },
    state,
    clock: { phase: state === 'frozen' ? 'open' : state, opensAt: '2026-11-27T12:00:00Z', closesAt: '2026-11-27T14:00:00Z', freezeAt, frozen: state === 'frozen', frozenAt: null },
    graceSeconds: 30,
    precision: 3,
    scores: [{ name: 'auc', better: 'max' }],
    ranking: 'single',
    leaderboard: 'best',
    quota: null,
  } as TaskDetails;
}

function event(slug: string, tasks: TaskDetails[], title = { en: `Event ${slug}`, fr: `Événement ${slug}` }): EventDetails {
  return { slug, title, timezone: 'Europe/Paris', teams: [], tasks, resultsPublicKey: '0'.repeat(64), serverTime: '2026-11-27T13:00:00Z' } as EventDetails;
}

describe('eventStatus', () => {
  it('is running while a task is open or frozen, upcoming before, finished after', () => {
    expect(eventStatus(event('a', [task('x', 'closed'), task('y', 'frozen')]))).toBe('running');
    expect(eventStatus(event('a', [task('x', 'closed'), task('y', 'upcoming')]))).toBe('upcoming');
    expect(eventStatus(event('a', [task('x', 'closed')]))).toBe('finished');
  });
});

describe('renderLandingPage', () => {
  const events = [event('old-2019', [task('lung', 'closed')]), event('jfr-2026', [task('lung', 'open', '2026-11-27T13:40:00Z'), task('ms', 'upcoming')])];

  it('lists running events first with links to every scene, per task, and the planned apps marked as coming', () => {
    const html = renderLandingPage({ events, lang: 'en', ready: { team: false, jury: false } });
    expect(html.indexOf('data-event="jfr-2026"')).toBeLessThan(html.indexOf('data-event="old-2019"'));
    expect(html).toContain('href="/screen?event=jfr-2026&amp;lang=en"');
    for (const scene of ['overview', 'ticker', 'countdown']) expect(html).toContain(`href="/screen?event=jfr-2026&amp;scene=${scene}&amp;lang=en"`);
    for (const scene of ['leaderboard', 'race', 'countdown']) expect(html).toContain(`href="/screen?event=jfr-2026&amp;task=lung&amp;scene=${scene}&amp;lang=en"`);
    expect(html).toMatch(/href="\/team\?event=jfr-2026&amp;lang=en">Team view<\/a><em>coming<\/em>/);
    expect(html).toMatch(/href="\/jury\?event=jfr-2026&amp;lang=en">Jury console<\/a><em>coming<\/em>/);
    expect(html).toContain('href="/api/docs"');
    expect(html).toContain('board freezes at 27 Nov, 14:40'); // Europe/Paris, UTC+1 in November
  });

  it('speaks French, with a link to the English version', () => {
    const html = renderLandingPage({ events, lang: 'fr', ready: { team: true, jury: false } });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Épreuve lung');
    expect(html).toContain('Grand écran');
    expect(html).toContain('href="/?lang=en"');
    expect(html).toMatch(/Vue équipe<\/a><\/li>/); // built: no "bientôt" mark
    expect(html).toMatch(/Console du jury<\/a><em>bientôt<\/em>/);
  });

  it('escapes organiser text', () => {
    const html = renderLandingPage({ events: [event('x', [task('t', 'open')], { en: '<script>alert(1)</script> & co', fr: 'x' })], lang: 'en', ready: { team: false, jury: false } });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  });

  it('says how to import an event when there is none', () => {
    const html = renderLandingPage({ events: [], lang: 'en', ready: { team: false, jury: false } });
    expect(html).toContain('data-testid="no-event"');
    expect(html).toContain('<code>podium import &lt;bundle&gt;</code>');
  });
});
