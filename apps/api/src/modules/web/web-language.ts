// Language of the server-rendered pages: ?lang= wins, then the browser's Accept-Language.
import type { Language } from '@podium/contracts';

export function pickLanguage(query: unknown, acceptLanguage: string | undefined, fallback: Language = 'en'): Language {
  if (query === 'fr' || query === 'en') return query;
  // "fr-FR,fr;q=0.9,en;q=0.8": the first fr/en range by descending q wins.
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { primary: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => (r.primary === 'fr' || r.primary === 'en') && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranges[0]?.primary as Language | undefined) ?? fallback;
}
