// Organiser announcements: the request body (admin and jury routes) and what screens receive.
import { z } from 'zod';
import { LocalizedTextSchema } from '../localized-text.schema.js';

export const AnnouncementLevelSchema = z.enum(['info', 'important', 'urgent']);
export type AnnouncementLevel = z.infer<typeof AnnouncementLevelSchema>;

export const AnnouncementDataSchema = z.object({
  id: z.string(),
  text: LocalizedTextSchema,
  level: AnnouncementLevelSchema,
  publishedAt: z.string(),
  until: z.string().nullable().describe('Screens stop showing it after this instant; null = until withdrawn.'),
  withdrawn: z.boolean().describe('True when an organiser takes it down early (same id as the original).'),
});
export type AnnouncementData = z.infer<typeof AnnouncementDataSchema>;

const line = z.string().trim().min(1).max(500);

/**
 * Body of `POST /api/admin/events/:event/announcements` (the jury route adds `reason`). One string
 * is shown in both languages; `level` defaults to `info`, `until` to "until withdrawn".
 */
export const AnnouncementBodySchema = z.strictObject({
  text: z.union([line, z.strictObject({ en: line, fr: line })]),
  level: AnnouncementLevelSchema.optional(),
  until: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 instant; screens stop showing it then.'),
});
export type AnnouncementBody = z.infer<typeof AnnouncementBodySchema>;
