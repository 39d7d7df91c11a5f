// Dates as the jury reads them: day and time to the second, in the venue's zone.
import type { Language } from '@podium/contracts';

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(at: string, timezone: string, lang: Language): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '—';
  const key = `${lang}:${timezone}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone });
    } catch {
      format = new Intl.DateTimeFormat(locale, options);
    }
    formats.set(key, format);
  }
  return format.format(date);
}
