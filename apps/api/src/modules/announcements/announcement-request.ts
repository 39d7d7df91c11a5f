// Body of POST /api/admin/events/:event/announcements, validated once at the edge.
import { AnnouncementBodySchema, type AnnouncementLevel, type LocalizedText, type Problem } from '@podium/contracts';

export interface AnnouncementRequest {
  text: LocalizedText;
  level: AnnouncementLevel;
  until: string | null;
}

export type AnnouncementParse = { ok: true; value: AnnouncementRequest } | { ok: false; problems: Problem[] };

export function parseAnnouncementRequest(body: unknown): AnnouncementParse {
  const parsed = AnnouncementBodySchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        // An unknown field is reported by its name (several at one level joined by commas, without
        // the parent's path: `de` inside `text` is `de`), so the organiser sees which one to drop.
        const path = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.');
        return {
          code: `announcement.${issue.code === 'unrecognized_keys' ? 'unknown_field' : (issue.path[0]?.toString() ?? 'body')}`,
          message: `${issue.message}. Expected { text: string | { en, fr }, level?: info|important|urgent, until?: ISO 8601 instant }.`,
          ...(path ? { path } : {}),
        };
      }),
    };
  }
  const { text, level, until } = parsed.data;
  const localized: LocalizedText = typeof text === 'string' ? { en: text, fr: text } : text;
  return { ok: true, value: { text: localized, level: level ?? 'info', until: until ? new Date(until).toISOString() : null } };
}
