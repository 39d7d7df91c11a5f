import type { LeaderboardRow, SubmissionAccepted } from '@podium/contracts';
import type { UploadResult } from '@podium/ui';
import { describe, expect, it } from 'vitest';
import { ageSaid, boardAround, describeUpload, groupProblems, problemWhat, problemWhere, rankChange, sinceLastVisit, tokenFromFragment } from './team-view.js';

const row = (slug: string, rank: number | null): LeaderboardRow => ({
  rank,
  team: { slug, name: slug.toUpperCase(), category: null },
  scores: { auc: rank === null ? null : 1 - rank / 100 },
  points: null,
  submissions: 1,
  lastSubmissionAt: null,
  movement: null,
});
const board = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((slug, i) => row(slug, i + 1));

describe('tokenFromFragment', () => {
  it('takes the token out and keeps the rest of the fragment', () => {
    expect(tokenFromFragment('#token=abc123')).toEqual({ token: 'abc123', rest: '' });
    expect(tokenFromFragment('#lang=fr&token=abc')).toEqual({ token: 'abc', rest: '#lang=fr' });
    expect(tokenFromFragment('#token=')).toEqual({ token: null, rest: '' });
    expect(tokenFromFragment('')).toEqual({ token: null, rest: '' });
  });
});

describe('boardAround', () => {
  it('shows the leader, the row above and the row below, in the server order, with a gap mark', () => {
    const shown = boardAround(board, 'e');
    expect(shown.map((r) => r.row.team.slug)).toEqual(['a', 'd', 'e', 'f']);
    expect(shown.map((r) => r.gapBefore)).toEqual([false, true, false, false]);
    expect(shown.find((r) => r.you)?.row.team.slug).toBe('e');
    expect(shown[0]?.leader).toBe(true);
  });
  it('the leader sees itself and the next row; the last sees the row above', () => {
    expect(boardAround(board, 'a').map((r) => r.row.team.slug)).toEqual(['a', 'b']);
    expect(boardAround(board, 'g').map((r) => r.row.team.slug)).toEqual(['a', 'f', 'g']);
  });
  it('keeps ties as the server sent them (no re-ranking)', () => {
    const tied = [row('x', 1), row('y', 1), row('z', 3)];
    expect(boardAround(tied, 'y').map((r) => [r.row.team.slug, r.row.rank])).toEqual([
      ['x', 1],
      ['y', 1],
      ['z', 3],
    ]);
  });
  it('a team not on the board sees the top rows', () => {
    expect(boardAround(board, 'nobody').map((r) => r.row.team.slug)).toEqual(['a', 'b', 'c']);
    expect(boardAround([], 'nobody')).toEqual([]);
  });
});

describe('rank changes', () => {
  it('tells up, down and entering; nothing when unchanged or unranked', () => {
    expect(rankChange(5, 3)).toEqual({ kind: 'up', rank: 3 });
    expect(rankChange(3, 5)).toEqual({ kind: 'down', rank: 5 });
    expect(rankChange(null, 4)).toEqual({ kind: 'entered', rank: 4 });
    expect(rankChange(4, 4)).toBeNull();
    expect(rankChange(4, null)).toBeNull();
  });
  it('says the movement since the last visit', () => {
    expect(sinceLastVisit(5, 2)).toEqual({ key: 'task.sinceVisit.up', params: { n: 3 } });
    expect(sinceLastVisit(2, 5)).toEqual({ key: 'task.sinceVisit.down', params: { n: 3 } });
    expect(sinceLastVisit(2, 2)).toEqual({ key: 'task.sinceVisit.same' });
    expect(sinceLastVisit(null, 2)).toEqual({ key: 'task.sinceVisit.new' });
    expect(sinceLastVisit(undefined, 2)).toBeNull();
  });
});

describe('problems', () => {
  const problems = [
    { code: 'csv.nan', message: 'm1', file: 'up.csv', line: 2, column: 'probability', caseId: 'L1', expected: 'a number', found: 'abc' },
    { code: 'csv.range', message: 'm2', line: 3 },
    { code: 'csv.nan', message: 'm3', line: 4 },
  ];
  it('groups by code in order of first appearance', () => {
    expect(groupProblems(problems).map((g) => [g.code, g.problems.map((p) => p.line)])).toEqual([
      ['csv.nan', [2, 4]],
      ['csv.range', [3]],
    ]);
  });
  it('says where and what, leaving out the uploaded file name', () => {
    expect(problemWhere(problems[0]!, 'up.csv').map((s) => s.key)).toEqual(['problem.line', 'problem.column', 'problem.case']);
    expect(problemWhere(problems[0]!, 'other.zip').map((s) => s.key)).toEqual(['problem.file', 'problem.line', 'problem.column', 'problem.case']);
    expect(problemWhat(problems[0]!)).toEqual([
      { key: 'problem.expected', params: { value: 'a number' } },
      { key: 'problem.found', params: { value: 'abc' } },
    ]);
  });
});

describe('describeUpload', () => {
  const time = (iso: string) => iso.slice(11, 16);
  const header = (values: Record<string, string>) => (name: string) => values[name] ?? null;
  const http = (status: number, problem: object | null, headers: Record<string, string> = {}): UploadResult<SubmissionAccepted> => ({
    ok: false,
    kind: 'http',
    status,
    problem: problem as never,
    header: header(headers),
  });

  it('words every answer', () => {
    expect(describeUpload({ ok: true, status: 202, value: { id: '1', status: 'queued', receivedAt: '2026-12-06T14:02:00Z', sha256: 'x' }, header: header({}) }, time)).toEqual({
      key: 'upload.accepted',
      params: { time: '14:02' },
    });
    expect(describeUpload(http(429, { type: '/problems/quota-exceeded', status: 429, title: 'q', detail: 'd', nextSlotAt: '2026-12-06T14:32:00Z' }), time)).toEqual({
      key: 'upload.quota',
      params: { time: '14:32' },
    });
    expect(describeUpload(http(429, null, { 'Podium-Next-Slot-At': '2026-12-06T15:00:00Z' }), time)).toEqual({ key: 'upload.quota', params: { time: '15:00' } });
    expect(describeUpload(http(429, { type: '/problems/quota-exceeded', status: 429, title: 'q', detail: 'd', nextSlotAt: null }), time)).toEqual({ key: 'upload.quotaNever' });
    expect(describeUpload(http(413, { type: '/problems/payload-too-large', status: 413, title: 'Too large', detail: 'The limit is 1 MB.' }), time)).toEqual({
      key: 'upload.tooLarge',
      params: { detail: 'The limit is 1 MB.' },
    });
    expect(
      describeUpload(http(403, { type: '/problems/submission-window-closed', status: 403, title: 'closed', detail: 'Task "lung" closed at 2026-12-06T15:00:00.000Z.' }), time),
    ).toEqual({ key: 'upload.closed', params: { time: ' (15:00)' } });
    expect(describeUpload(http(403, { type: '/problems/submission-window-not-open', status: 403, title: 'not open', detail: 'Soon.' }), time)).toEqual({
      key: 'upload.notOpen',
      params: { time: '' },
    });
    expect(describeUpload(http(401, null), time)).toEqual({ key: 'upload.unauthorized' });
    expect(describeUpload({ ok: false, kind: 'network', aborted: false }, time)).toEqual({ key: 'upload.dropped' });
    expect(describeUpload(http(500, null), time)).toEqual({ key: 'upload.other', params: { status: 500, detail: '' } });
  });
});

describe('ageSaid', () => {
  it('seconds, then minutes, then hours', () => {
    expect(ageSaid(42)).toEqual({ key: 'age.seconds', params: { n: 42 } });
    expect(ageSaid(300)).toEqual({ key: 'age.minutes', params: { n: 5 } });
    expect(ageSaid(3 * 3600)).toEqual({ key: 'age.hours', params: { n: 3 } });
  });
});
