// The two REST reads the screen makes; failures come back as data, the screen decides.
import type { EventPublicView, RankHistoryResponse } from '@podium/contracts';
import { eventPublicPath, rankHistoryPath } from '@podium/contracts';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number | null; reason: string };

async function getJson<T>(fetchFn: Fetch, path: string): Promise<ApiResult<T>> {
  try {
    const response = await fetchFn(path, { headers: { accept: 'application/json' } });
    if (!response.ok) return { ok: false, status: response.status, reason: `${path} answered ${response.status}` };
    return { ok: true, value: (await response.json()) as T };
  } catch (error) {
    return { ok: false, status: null, reason: `${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function fetchEventView(fetchFn: Fetch, event: string): Promise<ApiResult<EventPublicView>> {
  return getJson(fetchFn, eventPublicPath(event));
}

export function fetchRankHistory(fetchFn: Fetch, event: string, task: string, top: number): Promise<ApiResult<RankHistoryResponse>> {
  return getJson(fetchFn, rankHistoryPath(event, task, top));
}
