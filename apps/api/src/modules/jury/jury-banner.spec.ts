import { describe, expect, it } from 'vitest';
import { juryBanner } from './jury-banner.js';

describe('jury banner', () => {
  it('prints the set-password command of every member without a password, and nothing when all have one', () => {
    const lines = juryBanner(
      [
        { event: 'jfr-demo', login: 'chair', role: 'organiser' },
        { event: 'jfr-demo', login: 'juror1', role: 'juror' },
      ],
      'http://localhost:3000/jury',
    );
    expect(lines.join('\n')).toBe(
      [
        '',
        'Jury members without a password cannot sign in to http://localhost:3000/jury yet. Set each one (prompted, or from stdin):',
        '  npm run podium -- jury set-password --event jfr-demo --login chair    # organiser',
        '  npm run podium -- jury set-password --event jfr-demo --login juror1   # juror',
      ].join('\n'),
    );
    expect(juryBanner([], 'x')).toEqual([]);
  });
});
