// The ceremony as far as it went, for a live snapshot: the latest official ceremony's revealed
// steps per task (and, for the jury, the latest rehearsal's), folded from the log's `reveal.*`
// entries through the same projection as the frames. A stopped ceremony shows nothing.
import type { RevealSnapshot } from '@podium/contracts';
import type { FeedEventRecord } from '../feed/feed-event.record.js';
import { revealData } from './feed-projection.js';
import type { LiveSubscriber } from './live-subscriber.js';

export const REVEAL_TYPES = ['reveal.started', 'reveal.step', 'reveal.finished'] as const;
type RevealType = (typeof REVEAL_TYPES)[number];

/** The log audiences whose `reveal.*` entries a subscriber's snapshot folds. */
export const revealAudiences = (subscriber: LiveSubscriber): string[] => (subscriber.audience === 'jury' ? ['all', 'jury'] : ['all']);

/** `rows`: the `reveal.*` entries of `revealAudiences(subscriber)`, in seq order. */
export function revealSnapshots(rows: readonly Pick<FeedEventRecord, 'type' | 'data'>[], subscriber: LiveSubscriber): RevealSnapshot[] {
  const jury = subscriber.audience === 'jury';
  const out: RevealSnapshot[] = [];
  for (const rehearsal of jury ? [false, true] : [false]) {
    const frames = rows.flatMap((r) => {
      if ((r.data['rehearsal'] === true) !== rehearsal) return [];
      const frame = revealData(r.type as RevealType, r.data, subscriber);
      return frame ? [frame] : [];
    });
    const latest = frames.at(-1)?.data.ceremony;
    const mine = frames.filter((f) => f.data.ceremony === latest);
    if (mine.some((f) => f.type === 'reveal.finished' && f.data.aborted)) continue;
    const byTask = new Map<string, RevealSnapshot>();
    for (const f of mine) {
      const state = byTask.get(f.data.task) ?? { task: f.data.task, ceremony: f.data.ceremony, rehearsal, steps: null, revealed: [], finished: false };
      byTask.set(f.data.task, state);
      if (f.type === 'reveal.started') state.steps = f.data.steps;
      else if (f.type === 'reveal.step') state.revealed = [...state.revealed.filter((s) => s.step !== f.data.step), f.data];
      else state.finished = true;
    }
    out.push(...byTask.values());
  }
  return out;
}
