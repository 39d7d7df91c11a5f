// Uploads with progress (fetch cannot report upload progress; XMLHttpRequest can), answered like
// apiCall: the parsed body on success, problem+json or a network failure as data.
import type { ProblemDetails } from '@podium/contracts';
import { problemFromText } from './api-call.js';

export interface UploadProgress {
  loaded: number;
  /** Null when the browser cannot tell (no length). */
  total: number | null;
}

export interface UploadRequest {
  url: string;
  body: Blob | FormData;
  token?: string | null;
  headers?: Record<string, string>;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export type UploadResult<T> =
  | { ok: true; status: number; value: T; header: (name: string) => string | null }
  | { ok: false; kind: 'http'; status: number; problem: ProblemDetails | null; header: (name: string) => string | null }
  /** The connection dropped or was aborted: the server may or may not have the file (retry with the same key). */
  | { ok: false; kind: 'network'; aborted: boolean };

/** The part of XMLHttpRequest an upload needs (tests pass a fake). */
export type XhrLike = Pick<XMLHttpRequest, 'open' | 'send' | 'setRequestHeader' | 'abort' | 'getResponseHeader' | 'status' | 'responseText' | 'upload'> & {
  onload: ((this: XMLHttpRequest, ev: ProgressEvent) => unknown) | null;
  onerror: ((this: XMLHttpRequest, ev: ProgressEvent) => unknown) | null;
  onabort: ((this: XMLHttpRequest, ev: ProgressEvent) => unknown) | null;
  ontimeout: ((this: XMLHttpRequest, ev: ProgressEvent) => unknown) | null;
};

export function uploadWithProgress<T>(request: UploadRequest, createXhr: () => XhrLike = () => new XMLHttpRequest()): Promise<UploadResult<T>> {
  return new Promise((resolve) => {
    const xhr = createXhr();
    const header = (name: string) => xhr.getResponseHeader(name);
    let aborted = false;
    xhr.open('POST', request.url);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    if (request.token) xhr.setRequestHeader('authorization', `Bearer ${request.token}`);
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => request.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : null });
    xhr.onload = () => {
      const status = xhr.status;
      if (status >= 200 && status < 300) {
        try {
          resolve({ ok: true, status, value: JSON.parse(xhr.responseText) as T, header });
        } catch {
          resolve({ ok: false, kind: 'http', status, problem: null, header });
        }
      } else if (status === 0) resolve({ ok: false, kind: 'network', aborted });
      else resolve({ ok: false, kind: 'http', status, problem: problemFromText(xhr.responseText, status), header });
    };
    xhr.onerror = () => resolve({ ok: false, kind: 'network', aborted });
    xhr.ontimeout = () => resolve({ ok: false, kind: 'network', aborted });
    xhr.onabort = () => resolve({ ok: false, kind: 'network', aborted: true });
    request.signal?.addEventListener('abort', () => {
      aborted = true;
      xhr.abort();
    });
    xhr.send(request.body);
  });
}

/** A fresh Idempotency-Key: kept by the caller for every retry of one upload. */
export function newIdempotencyKey(random: () => string = () => crypto.randomUUID()): string {
  return `podium-${random()}`;
}
