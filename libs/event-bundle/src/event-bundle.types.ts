import type { EventManifest, Problem } from '@podium/contracts';
import type { AnswerKey, RawInflater, ZipLimits } from '@podium/scoring';

/** A validated event bundle: the manifest, every task's parsed answer key, and the bundle's files. */
export interface EventBundle {
  manifest: EventManifest;
  /** Parsed answer keys by task slug (reference masks included for mask tasks). */
  answerKeys: Map<string, AnswerKey>;
  /** Every file of the bundle by its path relative to event.yaml (forward slashes). */
  files: Map<string, Uint8Array>;
}

export interface EventBundleResult {
  /** Present only when `problems` is empty. */
  bundle?: EventBundle;
  /** Every problem found, each with where it is and how to fix it. */
  problems: Problem[];
}

export interface LoadEventBundleOptions {
  /** Size limits of the bundle (and of a masks zip inside it); defaults: `DEFAULT_ZIP_LIMITS` of @podium/scoring. */
  limits?: Partial<ZipLimits>;
  /** DEFLATE implementation; a server passes `createZlibInflater(zlib)` for native speed. */
  inflate?: RawInflater;
  /** Name of the uploaded zip in problem messages (default `bundle.zip`). */
  fileName?: string;
}
