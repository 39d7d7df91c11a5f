import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import CountdownScene from '../src/components/countdown-scene.svelte';
import { translator } from '../src/lib/messages.js';
import { T0, lungTask } from './builders.js';

describe('CountdownScene', () => {
  it('turns urgent in the last ten minutes, in words', () => {
    const task = lungTask({ clock: { ...lungTask().clock, closesAt: new Date(T0 + 5 * 60_000).toISOString(), freezeAt: null } });
    const { container } = render(CountdownScene, { props: { tasks: [task], timezone: 'Europe/Paris', lang: 'fr', t: translator('fr'), now: T0 } });
    const countdown = container.querySelector('[data-testid="countdown"]')!;
    expect(countdown.getAttribute('data-kind')).toBe('urgent');
    expect(countdown.textContent).toContain('Dernières minutes');
    expect(countdown.textContent).toContain('5:00');
    expect(container.querySelector('[data-testid="freeze-banner"]')).toBeNull();
  });

  it('shows the freeze banner from freeze_at, with the venue time', () => {
    const clock = { ...lungTask().clock, freezeAt: new Date(T0 - 60_000).toISOString() };
    const { container } = render(CountdownScene, { props: { tasks: [lungTask({ clock })], timezone: 'Europe/Paris', lang: 'en', t: translator('en'), now: T0 } });
    // T0 - 1 min = 11:59 UTC = 13:59 in Paris (summer time).
    expect(container.querySelector('[data-testid="freeze-banner"]')?.textContent).toContain('Board frozen at 13:59 – final results at the prize ceremony');
  });

  it('names a single task once (the heading already does), each task when there are several', () => {
    const one = render(CountdownScene, { props: { tasks: [lungTask()], timezone: 'UTC', lang: 'en', t: translator('en'), now: T0 } });
    expect(one.container.querySelectorAll('h2')).toHaveLength(0);
    one.unmount();
    const two = render(CountdownScene, { props: { tasks: [lungTask(), lungTask({ slug: 'ms' })], timezone: 'UTC', lang: 'en', t: translator('en'), now: T0 } });
    expect(two.container.querySelectorAll('h2')).toHaveLength(2);
  });
});
