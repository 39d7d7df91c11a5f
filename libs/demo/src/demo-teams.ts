// The demo's people: 20 fictional teams (labs, start-ups, hospitals, students) like the 2019
// final's mix, and a jury of three. Names are invented; any resemblance is accidental.
import type { JuryMemberManifest, TeamManifest } from '@podium/contracts';
import { createRng } from '@podium/scoring';

export const DEMO_TEAMS: readonly TeamManifest[] = [
  { slug: 'voxel-forge', name: 'Voxel Forge', category: 'industry' },
  { slug: 'chu-rive-gauche', name: 'CHU Rive-Gauche Imagerie', category: 'hospital' },
  { slug: 'lumen-analytics', name: 'Lumen Analytics', category: 'industry' },
  { slug: 'poly-radiomics', name: 'Poly Radiomics', category: 'student' },
  { slug: 'institut-helios', name: 'Institut Hélios', category: 'academic' },
  { slug: 'deep-thorax', name: 'Deep Thorax', category: 'industry' },
  { slug: 'hopital-saint-aubin', name: 'Hôpital Saint-Aubin IA', category: 'hospital' },
  { slug: 'neuronal-pixels', name: 'Neuronal Pixels', category: 'student' },
  { slug: 'quantix-medical', name: 'Quantix Medical', category: 'industry' },
  { slug: 'laboratoire-iris', name: 'Laboratoire Iris', category: 'academic' },
  { slug: 'scanlytics', name: 'Scanlytics', category: 'industry' },
  { slug: 'internes-du-code', name: 'Les Internes du Code', category: 'student' },
  { slug: 'belvedere-radiologie', name: 'Belvédère Radiologie', category: 'hospital' },
  { slug: 'axial-minds', name: 'Axial Minds', category: 'industry' },
  { slug: 'clinique-des-tilleuls', name: 'Clinique des Tilleuls', category: 'hospital' },
  { slug: 'team-hounsfield', name: 'Team Hounsfield', category: 'student' },
  { slug: 'sagittal-labs', name: 'Sagittal Labs', category: 'industry' },
  { slug: 'centre-orion', name: 'Centre Orion Imagerie', category: 'hospital' },
  { slug: 'gradient-descent-club', name: 'Gradient Descent Club', category: 'student' },
  { slug: 'equipe-kappa', name: 'Équipe Kappa', category: 'academic' },
];

export const DEMO_JURY: readonly JuryMemberManifest[] = [
  { login: 'chair', name: 'Jury chair', role: 'organiser' },
  { login: 'juror1', name: 'Dr Claire Martin', role: 'juror' },
  { login: 'juror2', name: 'Pr Karim Benali', role: 'juror' },
];

/** The team at `index`, or an explanation of the valid range. */
export function demoTeam(index: number): TeamManifest {
  const team = Number.isInteger(index) ? DEMO_TEAMS[index] : undefined;
  if (!team) throw new RangeError(`demo team index must be an integer in 0..${DEMO_TEAMS.length - 1}, got ${index}`);
  return team;
}

/**
 * A plausible skill in [0.1, 0.95] for each team, spread so the leaderboard has leaders, a
 * pack and stragglers. Deterministic per seed: a simulator can use it when it has no opinion.
 */
export function demoTeamSkill(seed: number, team: number): number {
  demoTeam(team);
  const order = createRng(seed, 'team-skill').shuffle(DEMO_TEAMS.map((_, i) => i));
  const position = order.indexOf(team) / (DEMO_TEAMS.length - 1);
  return Math.round((0.1 + 0.85 * position) * 1000) / 1000;
}
