// Names of the board's splits as the console labels them; an unknown split shows its own name.
import type { MessageKey } from './messages.js';

const KNOWN: Record<string, MessageKey> = { public: 'board.split.public', private: 'board.split.private', all: 'board.split.all' };

export function splitLabelKey(split: string): MessageKey {
  return KNOWN[split] ?? 'board.split.all';
}
