// Team uploads through the public API, as `podium submit` sends them (raw body + file name).
import type { SubmissionAccepted, SubmissionDetails } from '@podium/contracts';
import { waitFor } from '@podium/test-support';

export interface Sent {
  id: string;
  /** Local clock when the upload started. */
  sentAt: number;
  /** Local clock when the 202 arrived (scoring may already be over by then). */
  acceptedAt: number;
}

export async function submitCsv(base: string, token: string, event: string, task: string, csv: string): Promise<Sent> {
  const sentAt = Date.now();
  const res = await fetch(`${base}/api/events/${event}/tasks/${task}/submissions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'X-File-Name': `${task}.csv` },
    body: csv,
  });
  const acceptedAt = Date.now();
  const body = await res.text();
  if (res.status !== 202) throw new Error(`submission to ${task} answered ${res.status}: ${body}`);
  return { id: (JSON.parse(body) as SubmissionAccepted).id, sentAt, acceptedAt };
}

/** Polls until the submission is settled; fails on a rejection (the suite only sends valid files). */
export async function waitSettled(base: string, token: string, id: string, timeoutMs = 30_000): Promise<SubmissionDetails> {
  let last: SubmissionDetails | undefined;
  return waitFor(
    async () => {
      last = (await (await fetch(`${base}/api/submissions/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as SubmissionDetails;
      return last.status === 'scored' ? last : undefined;
    },
    () => `submission ${id} to be scored (still ${last?.status})`,
    {
      timeoutMs,
      intervalMs: 40,
      giveUpIf: () => (last?.status === 'rejected' || last?.status === 'failed' ? `${last.status}: ${JSON.stringify(last.problems)}` : undefined),
    },
  );
}

/** Runs `jobs` with at most `limit` in flight. */
export async function inBatches<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]!();
      }
    }),
  );
  return results;
}
