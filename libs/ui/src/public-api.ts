// The two public REST reads the screens make; failures come back as data, the screen decides.
import type { EventPublicView, RankHistoryResponse } from '@podium/contracts';
import { eventPublicPath, rankHistoryPath } from '@podium/contracts';
import { apiCall, type ApiFailure, type Fetch } from './api-call.js';

export type ApiResult<T> = { ok: true; value: T } | Pick<ApiFailure, 'ok' | 'status' | 'reason' | 'problem'>;

async function getJson<T>(fetchFn: Fetch, path: string): Promise<ApiResult<T>> {
  const outcome = await apiCall<T>(fetchFn, path);
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, status: outcome.status, reason: outcome.reason, problem: outcome.problem };
}

export function fetchEventView(fetchFn: Fetch, event: string): Promise<ApiResult<EventPublicView>> {
  return getJson(fetchFn, eventPublicPath(event));
}

export function fetchRankHistory(fetchFn: Fetch, event: string, task: string, top: number): Promise<ApiResult<RankHistoryResponse>> {
  return getJson(fetchFn, rankHistoryPath(event, task, top));
}
