// The start-up banner's jury section: members who cannot sign in yet (no password) and the
// command that sets one. No default password ever exists: an organiser chooses each one.
import type { DataSource } from 'typeorm';

export interface MemberWithoutPassword {
  event: string;
  login: string;
  role: string;
}

export async function membersWithoutPassword(dataSource: DataSource): Promise<MemberWithoutPassword[]> {
  return dataSource.query(
    `SELECT e.slug AS event, m.login, m.role FROM jury_member m JOIN event e ON e.id = m.event_id
      WHERE m.password_hash IS NULL ORDER BY e.slug, m.role DESC, m.login`,
  );
}

export function juryBanner(members: readonly MemberWithoutPassword[], consoleUrl: string): string[] {
  if (members.length === 0) return [];
  const width = Math.max(...members.map((m) => m.event.length + m.login.length));
  return [
    '',
    `Jury members without a password cannot sign in to ${consoleUrl} yet. Set each one (prompted, or from stdin):`,
    ...members.map((m) => `  npm run podium -- jury set-password --event ${m.event} --login ${m.login}${' '.repeat(width - m.event.length - m.login.length)}   # ${m.role}`),
  ];
}
