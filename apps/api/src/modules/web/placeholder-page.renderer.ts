// Pages for a mount whose app is not there: a planned app ("coming") or an unbuilt one (503).
import type { Language } from '@podium/contracts';
import { escapeHtml, htmlPage, richText } from './html-page.js';
import type { ResolvedWebApp, WebAppName } from './web-apps.js';
import { webTranslator } from './web-messages.js';

export function renderComingPage(app: Exclude<WebAppName, 'screen'>, lang: Language): string {
  const t = webTranslator(lang);
  const body = `<h1 data-testid="coming">${escapeHtml(t(`coming.${app}.title`))}</h1>
<p>${escapeHtml(t(`coming.${app}.body`))}</p>
<p class="muted">${richText(t(`coming.${app}.meanwhile`))}</p>
<footer><a href="/?lang=${lang}">${escapeHtml(t('coming.back'))}</a> <a href="/api/docs">${escapeHtml(t('landing.apiDocs'))}</a></footer>`;
  return htmlPage({ lang, title: t(`coming.${app}.title`), body });
}

export function renderUnbuiltPage(app: ResolvedWebApp, lang: Language): string {
  const t = webTranslator(lang);
  const title = t('unbuilt.title', { app: t(`app.${app.name}`) });
  const body = `<h1 data-testid="unbuilt">${escapeHtml(title)}</h1>
<p>${richText(t('unbuilt.body', { dir: `\`${app.dir}\`` }))}</p>
<p>${richText(t('unbuilt.fix'))}</p>
<p class="muted">${richText(t('unbuilt.override', { env: `\`${app.envVar}\`` }))}</p>
<footer><a href="/?lang=${lang}">${escapeHtml(t('coming.back'))}</a></footer>`;
  return htmlPage({ lang, title, body });
}
