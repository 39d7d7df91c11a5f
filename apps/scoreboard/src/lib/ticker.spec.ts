import type { RecentSubmission } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { eventWith, lungTask } from '../../test/builders.js';
import { translator } from './messages.js';
import { tickerLines } from './ticker.js';

const event = eventWith([lungTask()], 3);
const team = event.teams[0];
const base: RecentSubmission = { submissionId: 's', team: team.slug, task: 'lung', receivedAt: '2019-10-12T12:40:00Z', outcome: 'pending', settledAt: null, scores: null };

describe('tickerLines', () => {
  it('says who submitted where, then the result, with an icon for each status', () => {
    const lines = tickerLines(
      [
        { ...base, submissionId: 'a' },
        { ...base, submissionId: 'b', outcome: 'scored', scores: { auc: 0.9123 } },
        { ...base, submissionId: 'c', outcome: 'scored', scores: null },
        { ...base, submissionId: 'd', outcome: 'rejected' },
        { ...base, submissionId: 'e', team: 'ghost', task: 'ghost-task', outcome: 'failed' },
      ],
      event,
      'fr',
      translator('fr'),
    );
    expect(lines.map((l) => [l.status, l.text])).toEqual([
      ['pending', 'calcul du score…'],
      ['scored', 'score 0,912'],
      ['hidden', 'score masqué (gel)'],
      ['rejected', 'fichier refusé'],
      ['failed', 'erreur de calcul'],
    ]);
    expect(lines[0]).toMatchObject({ time: '14:40', team: team.name, task: 'Nodules pulmonaires' });
    expect(lines[4]).toMatchObject({ team: 'ghost', task: 'ghost-task' });
  });

  it('does not leave a post-freeze submission "scoring..." forever', () => {
    const task = lungTask();
    const frozen = eventWith([{ ...task, clock: { ...task.clock, frozen: true, frozenAt: '2019-10-12T12:30:00Z' } }], 3);
    const lines = tickerLines(
      [
        { ...base, submissionId: 'after' },
        { ...base, submissionId: 'before', receivedAt: '2019-10-12T12:29:00Z' },
        { ...base, submissionId: 'flagged', receivedAt: '2019-10-12T12:29:00Z', afterFreeze: true },
      ],
      frozen,
      'en',
      translator('en'),
    );
    expect(lines.map((l) => [l.id, l.status, l.text])).toEqual([
      ['after', 'hidden', 'score hidden (frozen)'],
      ['before', 'pending', 'scoring…'],
      ['flagged', 'hidden', 'score hidden (frozen)'],
    ]);
  });

  it('keeps only the latest lines', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...base, submissionId: `s${i}` }));
    expect(tickerLines(many, event, 'en', translator('en'), 8)).toHaveLength(8);
  });
});
