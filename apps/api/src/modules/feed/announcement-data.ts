// An `announcement` entry field by field, and which announcements are in force: read by the live
// snapshots, the live frames and the announcements module alike.
import type { AnnouncementData } from '@podium/contracts';

export function announcementData(d: Record<string, unknown>): AnnouncementData | null {
  const id = typeof d['id'] === 'string' ? d['id'] : null;
  if (!id || typeof d['text'] !== 'object' || d['text'] === null) return null;
  return {
    id,
    text: d['text'] as AnnouncementData['text'],
    level: (d['level'] as AnnouncementData['level']) ?? 'info',
    publishedAt: String(d['publishedAt']),
    until: typeof d['until'] === 'string' ? d['until'] : null,
    withdrawn: d['withdrawn'] === true,
  };
}

/** From the log's announcement entries in seq order: the latest of each id, not withdrawn, not expired. */
export function announcementsInForce(entries: readonly Record<string, unknown>[], now: Date): AnnouncementData[] {
  const byId = new Map<string, AnnouncementData>();
  for (const data of entries) {
    const a = announcementData(data);
    if (a) byId.set(a.id, a);
  }
  return [...byId.values()].filter((a) => !a.withdrawn && (a.until === null || Date.parse(a.until) > now.getTime()));
}
