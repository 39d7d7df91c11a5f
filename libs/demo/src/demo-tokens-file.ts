// Where the server leaves the demo's team tokens for `npm run demo:simulate` on the same machine:
// a file in the data directory readable by its owner only, one "<team> <token>" line per team.
export const DEMO_TOKENS_FILE = 'demo-team-tokens.txt';

export function demoTokenLines(teams: readonly { slug: string; token: string }[]): string {
  return teams.map((team) => `${team.slug} ${team.token}`).join('\n') + '\n';
}
