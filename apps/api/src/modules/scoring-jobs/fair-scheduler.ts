// Which waiting scoring job starts next: teams take turns (least recently served first), and a team never runs more
// jobs at once than `perTeamRunning` (the pool's threads). A team's burst then holds at most the
// pool's workers, and a job of another team that arrives meanwhile starts as soon as one of
// them frees: never behind more than one job of another team (issue 12: a 44 MB file of unknown
// ids from one team made another team's valid file wait 38 s). Pure: no I/O, no timers.
export class FairScheduler<T> {
  /** Per team, its waiting jobs in arrival order (a team is listed while it has some). */
  private readonly waiting = new Map<string, T[]>();
  private readonly running = new Map<string, number>();
  /** When each team last had a job started (a tick): the least recently served goes first. */
  private readonly served = new Map<string, number>();
  private tick = 0;
  private count = 0;

  constructor(private readonly perTeamRunning: number) {
    if (!Number.isInteger(perTeamRunning) || perTeamRunning < 1) throw new Error('perTeamRunning must be a positive integer');
  }

  /** Jobs waiting (not started). */
  get size(): number {
    return this.count;
  }

  push(team: string, job: T): void {
    const queue = this.waiting.get(team);
    if (queue) queue.push(job);
    else this.waiting.set(team, [job]);
    this.count++;
  }

  /**
   * The next job to start, or null when nothing waits or every waiting team is at its cap: the
   * oldest waiting job of the team served least recently (a team never served first; among
   * those, the one waiting longest).
   */
  next(): { team: string; job: T } | null {
    let chosen: string | null = null;
    let chosenServed = Infinity;
    for (const team of this.waiting.keys()) {
      if ((this.running.get(team) ?? 0) >= this.perTeamRunning) continue;
      const served = this.served.get(team) ?? -1;
      if (served < chosenServed) {
        chosen = team;
        chosenServed = served;
      }
    }
    if (chosen === null) return null;
    const queue = this.waiting.get(chosen)!;
    const job = queue.shift()!;
    if (queue.length === 0) this.waiting.delete(chosen);
    this.running.set(chosen, (this.running.get(chosen) ?? 0) + 1);
    this.served.set(chosen, this.tick++);
    this.count--;
    return { team: chosen, job };
  }

  /** A started job of this team ended. */
  done(team: string): void {
    const left = (this.running.get(team) ?? 1) - 1;
    if (left <= 0) this.running.delete(team);
    else this.running.set(team, left);
  }

  clear(): void {
    this.waiting.clear();
    this.count = 0;
  }
}
