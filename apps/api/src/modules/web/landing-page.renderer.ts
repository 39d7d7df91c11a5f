// The landing page at `/`: every event (running first) with links to the big screen (whole
// cycle, per scene, per task), the team view and the jury console, and the API docs.
import { pickText, type EventDetails, type Language, type TaskDetails } from '@podium/contracts';
import { escapeHtml, htmlPage, richText } from './html-page.js';
import { webTranslator, type WebTranslate } from './web-messages.js';

export type EventStatus = 'running' | 'upcoming' | 'finished';

const STATUS_ORDER: Record<EventStatus, number> = { running: 0, upcoming: 1, finished: 2 };

/** Running while a task is open (frozen included); upcoming while one has yet to open. */
export function eventStatus(event: Pick<EventDetails, 'tasks'>): EventStatus {
  if (event.tasks.some((task) => task.state === 'open' || task.state === 'frozen')) return 'running';
  if (event.tasks.some((task) => task.state === 'upcoming')) return 'upcoming';
  return 'finished';
}

export interface LandingPageInput {
  events: EventDetails[];
  lang: Language;
  /** Which planned apps are built and served (their links lose the "coming" mark). */
  ready: { team: boolean; jury: boolean };
}

function url(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  return query ? `${path}?${query}` : path;
}

function link(href: string, text: string, attributes = ''): string {
  return `<a href="${escapeHtml(href)}"${attributes}>${escapeHtml(text)}</a>`;
}

function timeFormat(timezone: string, lang: Language): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: timezone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function renderTask(event: EventDetails, task: TaskDetails, lang: Language, t: WebTranslate, format: Intl.DateTimeFormat): string {
  const window = t('landing.window', { opens: format.format(new Date(task.clock.opensAt)), closes: format.format(new Date(task.clock.closesAt)) });
  const freeze = task.clock.freezeAt ? ` · ${t('landing.freezeAt', { time: format.format(new Date(task.clock.freezeAt)) })}` : '';
  const scenes = (['leaderboard', 'race', 'countdown'] as const).map((scene) =>
    link(url('/screen', { event: event.slug, task: task.slug, scene, lang }), t(`scene.${scene}`)),
  );
  return `<li data-task="${escapeHtml(task.slug)}">
<div class="task-head"><strong>${escapeHtml(pickText(task.title, lang))}</strong> <span class="chip ${task.state}">${escapeHtml(t(`state.${task.state}`))}</span></div>
<p class="muted">${escapeHtml(window + freeze)}</p>
<div class="task-links">${scenes.join(' ')}</div>
</li>`;
}

function renderEvent(event: EventDetails, input: LandingPageInput, t: WebTranslate): string {
  const { lang } = input;
  const status = eventStatus(event);
  const format = timeFormat(event.timezone, lang);
  const coming = `<em>${escapeHtml(t('landing.coming'))}</em>`;
  const planned = (ready: boolean, path: string, label: string) =>
    `<li>${link(url(path, { event: event.slug, lang }), label)}${ready ? '' : coming}</li>`;
  const eventScenes = (['overview', 'ticker', 'countdown'] as const).map((scene) =>
    `<li>${link(url('/screen', { event: event.slug, scene, lang }), `${t('landing.bigScreen')} · ${t(`scene.${scene}`)}`)}</li>`,
  );
  return `<section class="event" data-event="${escapeHtml(event.slug)}" data-status="${status}">
<div class="event-head"><h3>${escapeHtml(pickText(event.title, lang))}</h3> <span class="chip ${status}">${escapeHtml(t(`event.${status}`))}</span> <code>${escapeHtml(event.slug)}</code></div>
<ul class="links">
<li>${link(url('/screen', { event: event.slug, lang }), `${t('landing.bigScreen')} · ${t('landing.bigScreenAll')}`, ' data-link="screen"')}</li>
${eventScenes.join('\n')}
${planned(input.ready.team, '/team', t('landing.teamView'))}
${planned(input.ready.jury, '/jury', t('landing.juryConsole'))}
</ul>
<p class="muted">${escapeHtml(t('landing.tasks'))} · ${escapeHtml(t('landing.timezone', { tz: event.timezone }))}</p>
<ul class="tasks">
${event.tasks.map((task) => renderTask(event, task, lang, t, format)).join('\n')}
</ul>
</section>`;
}

export function renderLandingPage(input: LandingPageInput): string {
  const t = webTranslator(input.lang);
  const other: Language = input.lang === 'fr' ? 'en' : 'fr';
  const events = [...input.events].sort((a, b) => STATUS_ORDER[eventStatus(a)] - STATUS_ORDER[eventStatus(b)]);
  const body = `<header>
<h1>${escapeHtml(t('landing.title'))}<span>.</span></h1>
${link(url('/', { lang: other }), t('landing.otherLanguage'), ` lang="${other}" hreflang="${other}"`)}
</header>
<p class="muted">${escapeHtml(t('landing.tagline'))}</p>
<h2>${escapeHtml(t('landing.events'))}</h2>
${events.length === 0 ? `<p data-testid="no-event">${richText(t('landing.noEvent'))}</p>` : events.map((event) => renderEvent(event, input, t)).join('\n')}
<footer>
${link('/api/docs', t('landing.apiDocs'))}
${link('/api/health', t('landing.health'))}
</footer>`;
  return htmlPage({ lang: input.lang, title: 'Podium', body });
}
