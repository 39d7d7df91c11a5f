// The optional prizes: list: per task places, category prizes, FR/EN titles; a prize naming an
// unknown task or category is a located problem like any other bundle mistake.
import { describe, expect, it } from 'vitest';
import { loadEventBundle } from './load-event-bundle.js';
import { buildBundleZip, VALID_EVENT_YAML, validBundleFiles } from './testing/bundle-fixtures.js';

const withPrizes = (prizes: string) => loadEventBundle(buildBundleZip({ ...validBundleFiles(), 'event.yaml': VALID_EVENT_YAML + prizes }));
/** Line of the first line containing `text` in the edited event.yaml. */
const lineOf = (prizes: string, text: string) => (VALID_EVENT_YAML + prizes).split('\n').findIndex((l) => l.includes(text)) + 1;

describe('prizes', () => {
  it('are optional: a bundle without them has none', () => {
    const result = loadEventBundle(buildBundleZip(validBundleFiles()));
    expect(result.problems).toEqual([]);
    expect(result.bundle!.manifest.prizes).toEqual([]);
  });

  it('keep places, category prizes (default: the best of the category) and both titles', () => {
    const result = withPrizes(`prizes:
  - { task: lung, places: [1, 2, 3], title: { en: "Lung podium", fr: "Podium poumon" } }
  - task: lung
    category: student
    title: { en: "Best student team", fr: "Meilleure équipe étudiante" }
`);
    expect(result.problems).toEqual([]);
    expect(result.bundle!.manifest.prizes).toEqual([
      { task: 'lung', places: [1, 2, 3], title: { en: 'Lung podium', fr: 'Podium poumon' } },
      { task: 'lung', places: [1], category: 'student', title: { en: 'Best student team', fr: 'Meilleure équipe étudiante' } },
    ]);
  });

  it('report an unknown task and an unknown category where they are written, with the closest name', () => {
    const prizes = `prizes:
  - { task: lugn, places: [1], title: { en: "A", fr: "A" } }
  - { task: ms, category: studnet, title: { en: "B", fr: "B" } }
`;
    const result = withPrizes(prizes);
    expect(result.bundle).toBeUndefined();
    const task = result.problems.find((p) => p.code === 'manifest.prize_unknown_task')!;
    expect(task).toMatchObject({ path: 'prizes[0].task' });
    expect(task.message).toContain('did you mean "lung"');
    expect(task.message).toContain(`line ${lineOf(prizes, 'lugn')}`);
    const category = result.problems.find((p) => p.code === 'manifest.prize_unknown_category')!;
    expect(category).toMatchObject({ path: 'prizes[1].category' });
    expect(category.message).toContain('did you mean "student"');
  });

  it('need places or a category, distinct places of at least 1, and a title in both languages', () => {
    const result = withPrizes(`prizes:
  - { task: lung, title: { en: "No places", fr: "Sans places" } }
  - { task: lung, places: [1, 1, 0], title: { en: "Only English" } }
`);
    expect(result.bundle).toBeUndefined();
    const paths = result.problems.map((p) => p.path);
    expect(paths).toContain('prizes[0].places');
    expect(paths).toContain('prizes[1].places[1]');
    expect(paths).toContain('prizes[1].places[2]');
    expect(paths).toContain('prizes[1].title.fr');
  });
});
