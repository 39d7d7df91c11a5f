// Ticker lines: who submitted to which task, and the result once it is known.
import type { EventPublicView, Language, RecentSubmission } from '@podium/contracts';
import { pickText } from '@podium/contracts';
import { formatClockTime } from '@podium/ui';
import { screenScore } from './leaderboard-layout.js';
import type { Translate } from './messages.js';

export type TickerStatus = 'pending' | 'scored' | 'hidden' | 'rejected' | 'failed';

export interface TickerLine {
  id: string;
  time: string;
  team: string;
  task: string;
  /** Drawn as an icon (SVG, `status-icon.svelte`) + words: the status reads without colour. */
  status: TickerStatus;
  text: string;
}

export function tickerLines(recent: readonly RecentSubmission[], event: EventPublicView | null, lang: Language, t: Translate, limit = 8): TickerLine[] {
  const teamName = new Map(event?.teams.map((team) => [team.slug, team.name]) ?? []);
  const tasks = new Map(event?.tasks.map((task) => [task.slug, task]) ?? []);
  return recent.slice(0, limit).map((s) => {
    const task = tasks.get(s.task);
    let status: TickerStatus;
    let text: string;
    const frozenFrom = task?.clock.frozen ? Date.parse(task.clock.frozenAt ?? task.clock.freezeAt ?? '') : Number.NaN;
    if (s.outcome === 'pending' && (s.afterFreeze || Date.parse(s.receivedAt) >= frozenFrom)) {
      // After the freeze the public never learns the result: "scoring..." forever would mislead.
      status = 'hidden';
      text = t('ticker.hidden');
    } else if (s.outcome === 'pending') {
      status = 'pending';
      text = t('ticker.scoring');
    } else if (s.outcome === 'scored') {
      const primary = task?.scores[0]?.name;
      const value = primary && s.scores ? s.scores[primary] : null;
      if (s.scores === null || value === null || value === undefined) {
        status = 'hidden';
        text = t('ticker.hidden');
      } else {
        status = 'scored';
        text = t('ticker.scored', { score: screenScore(value, task?.precision ?? 3, lang) });
      }
    } else {
      status = s.outcome;
      text = t(s.outcome === 'rejected' ? 'ticker.rejected' : 'ticker.failed');
    }
    return {
      id: s.submissionId,
      time: formatClockTime(s.receivedAt, event?.timezone ?? 'UTC', lang),
      team: teamName.get(s.team) ?? s.team,
      task: task ? pickText(task.title, lang) : s.task,
      status,
      text,
    };
  });
}
