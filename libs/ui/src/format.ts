import type { Language } from '@podium/contracts';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A score with the task's precision, in the screen's language (0,912 in French). */
export function formatScore(value: number | null | undefined, precision: number, lang: Language): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const key = `${lang}:${precision}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: precision, maximumFractionDigits: precision });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one: one per zone and language. */
function timeFormat(timezone: string, lang: Language): Intl.DateTimeFormat {
  const key = `${lang}:${timezone}`;
  let format = timeFormats.get(key);
  if (!format) {
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    try {
      format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: timezone });
    } catch {
      // An unknown zone must not blank the screen: fall back to the machine's zone.
      format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
    }
    timeFormats.set(key, format);
  }
  return format;
}

/** HH:MM in the venue's time zone (what people in the hall read on their watches). */
export function formatClockTime(at: string | number, timezone: string, lang: Language): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '--:--';
  return timeFormat(timezone, lang).format(date);
}

/** 1:05:09, 12:34, 0:07 - hours only when needed. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}
