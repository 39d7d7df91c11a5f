// The page for a mount whose app is not built (503): where it looked and how to build it.
import type { Language } from '@podium/contracts';
import { escapeHtml, htmlPage, richText } from './html-page.js';
import type { ResolvedWebApp } from './web-apps.js';
import { webTranslator } from './web-messages.js';

export function renderUnbuiltPage(app: ResolvedWebApp, lang: Language): string {
  const t = webTranslator(lang);
  const title = t('unbuilt.title', { app: t(`app.${app.name}`) });
  const body = `<h1 data-testid="unbuilt">${escapeHtml(title)}</h1>
<p>${richText(t('unbuilt.body', { dir: `\`${app.dir}\`` }))}</p>
<p>${richText(t('unbuilt.fix'))}</p>
<p class="muted">${richText(t('unbuilt.override', { env: `\`${app.envVar}\`` }))}</p>
<footer><a href="/?lang=${lang}">${escapeHtml(t('page.back'))}</a></footer>`;
  return htmlPage({ lang, title, body });
}
