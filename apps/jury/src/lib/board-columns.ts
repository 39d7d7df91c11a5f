// Names of the jury splits as the console labels them.
import type { JurySplit } from '@podium/contracts';
import type { MessageKey } from './messages.js';

const LABELS: Record<JurySplit, MessageKey> = { public: 'board.split.public', private: 'board.split.private', all: 'board.split.all' };

export function splitLabelKey(split: JurySplit): MessageKey {
  return LABELS[split];
}
