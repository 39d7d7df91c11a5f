import { z } from 'zod';

/** Every user-facing string exists in French and English. */
export const LocalizedTextSchema = z.object({ en: z.string(), fr: z.string() }).describe('A user-facing string in English and French.');
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
