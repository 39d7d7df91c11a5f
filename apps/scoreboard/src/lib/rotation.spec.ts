import { describe, expect, it } from 'vitest';
import { lungTask } from '../../test/builders.js';
import { advanceRotation, buildPlaylist, type PlaylistInput } from './rotation.js';

const lung = lungTask();
const ms = lungTask({ slug: 'ms' });
const later = lungTask({ slug: 'later', clock: { ...lung.clock, phase: 'upcoming' } });
const base: PlaylistInput = { tasks: [lung, ms, later], scene: null, task: null, rotateSeconds: 20, pagesByTask: {}, pageSeconds: 12 };

describe('buildPlaylist', () => {
  it('cycles every scene, per task where it makes sense, skipping races not started', () => {
    expect(buildPlaylist(base).map((s) => `${s.scene}:${s.task ?? '*'}`)).toEqual([
      'leaderboard:lung',
      'leaderboard:ms',
      'leaderboard:later',
      'overview:*',
      'race:lung',
      'race:ms',
      'ticker:*',
      'countdown:*',
    ]);
  });

  it('keeps a leaderboard on screen until all its pages were seen', () => {
    const playlist = buildPlaylist({ ...base, pagesByTask: { lung: 3 } });
    expect(playlist[0]).toEqual({ scene: 'leaderboard', task: 'lung', seconds: 36 });
    expect(playlist[1].seconds).toBe(20);
    expect(buildPlaylist({ ...base, rotateSeconds: 5, pagesByTask: { lung: 1 } })[0].seconds).toBe(5);
  });

  it('pins a scene with rotate 0, and rotates one scene across tasks otherwise', () => {
    expect(buildPlaylist({ ...base, scene: 'race', rotateSeconds: 0 })).toEqual([{ scene: 'race', task: 'lung', seconds: 0 }]);
    expect(buildPlaylist({ ...base, scene: 'overview', rotateSeconds: 0 })).toEqual([{ scene: 'overview', task: null, seconds: 0 }]);
    expect(buildPlaylist({ ...base, scene: 'leaderboard', rotateSeconds: 15 }).map((s) => s.task)).toEqual(['lung', 'ms', 'later']);
    expect(buildPlaylist({ ...base, task: 'ms', rotateSeconds: 0 })).toEqual([{ scene: 'leaderboard', task: 'ms', seconds: 0 }]);
  });

  it('skips the overview for a single task and survives an event without tasks', () => {
    expect(buildPlaylist({ ...base, tasks: [lung] }).map((s) => s.scene)).toEqual(['leaderboard', 'race', 'ticker', 'countdown']);
    expect(buildPlaylist({ ...base, tasks: [], scene: 'leaderboard' })).toEqual([{ scene: 'leaderboard', task: null, seconds: 20 }]);
  });
});

describe('advanceRotation', () => {
  const playlist = buildPlaylist(base);

  it('moves on when a slide has had its time, and wraps', () => {
    expect(advanceRotation(playlist, { index: 0, startedAt: 0 }, 19_999)).toEqual({ index: 0, startedAt: 0 });
    expect(advanceRotation(playlist, { index: 0, startedAt: 0 }, 20_000)).toEqual({ index: 1, startedAt: 20_000 });
    expect(advanceRotation(playlist, { index: 7, startedAt: 0 }, 20_000)).toEqual({ index: 0, startedAt: 20_000 });
  });

  it('catches up after a sleeping tab and never rotates a pinned scene', () => {
    expect(advanceRotation(playlist, { index: 0, startedAt: 0 }, 65_000)).toEqual({ index: 3, startedAt: 60_000 });
    const pinned = buildPlaylist({ ...base, rotateSeconds: 0 });
    expect(advanceRotation(pinned, { index: 0, startedAt: 5 }, 10_000_000)).toEqual({ index: 0, startedAt: 5 });
  });

  it('restarts the slide when the playlist shrank under the current index', () => {
    expect(advanceRotation(playlist.slice(0, 2), { index: 5, startedAt: 0 }, 1000)).toEqual({ index: 1, startedAt: 1000 });
  });
});
