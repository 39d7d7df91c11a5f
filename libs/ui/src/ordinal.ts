// Ranks as words people say: 1st, 2nd, 3rd, 11th / 1er, 2e, 3e.
import type { Language } from '@podium/contracts';

export function formatOrdinal(rank: number, lang: Language): string {
  if (lang === 'fr') return rank === 1 ? '1er' : `${rank}e`;
  const tens = rank % 100;
  if (tens >= 11 && tens <= 13) return `${rank}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[rank % 10] ?? 'th';
  return `${rank}${suffix}`;
}
