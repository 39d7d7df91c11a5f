// The ceremony as far as it went, for a live snapshot: the latest official ceremony's revealed
// steps per task (and, for the jury, the latest rehearsal's), folded from the log's `reveal.*`
// entries through the same projection as the frames. A stopped ceremony shows nothing.
import type { RevealSnapshot } from '@podium/contracts';
import type { DataSource } from 'typeorm';
import { revealData } from './feed-projection.js';
import type { LiveSubscriber } from './live-subscriber.js';

type RevealType = 'reveal.started' | 'reveal.step' | 'reveal.finished';

export async function revealSnapshots(dataSource: DataSource, eventId: number, subscriber: LiveSubscriber): Promise<RevealSnapshot[]> {
  const jury = subscriber.audience === 'jury';
  const rows: { type: RevealType; data: Record<string, unknown> }[] = await dataSource.query(
    `SELECT type, data FROM feed_event WHERE event_id = $1 AND type IN ('reveal.started', 'reveal.step', 'reveal.finished') AND audience = ANY($2::text[]) ORDER BY seq`,
    [eventId, jury ? ['all', 'jury'] : ['all']],
  );
  const out: RevealSnapshot[] = [];
  for (const rehearsal of jury ? [false, true] : [false]) {
    const frames = rows.flatMap((r) => {
      if ((r.data['rehearsal'] === true) !== rehearsal) return [];
      const frame = revealData(r.type, r.data, subscriber);
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
