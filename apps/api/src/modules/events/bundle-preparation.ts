// The CPU part of an import, as a plain function run in a worker thread (bundle.worker.ts):
// unzip and validate the bundle, then turn each answer key into the JSON chunks the writer
// inserts as they are. A 200,000-row key took seconds of parsing and tens of seconds of ORM
// work on the event loop (issue 12: /api/health held up to 14 s); the writer now only passes
// ready strings to the database.
import * as zlib from 'node:zlib';
import type { DetectionNoduleTruth, EventManifest, Problem } from '@podium/contracts';
import { loadEventBundle } from '@podium/event-bundle';
import { type AnswerKey, createZlibInflater, type DetectionFinding } from '@podium/scoring';
import { sha256Hex } from '../blobs/sha256.js';

/** Answer-case rows per INSERT (one JSON parameter each): short statements, progress between them. */
export const ANSWER_ROWS_PER_CHUNK = 1000;

export interface PreparedTask {
  slug: string;
  /** Bytes of the answer key file and of the reference masks zip (stored as blobs). */
  answerKey: Uint8Array;
  answerMasks: Uint8Array | null;
  /** Their sha256, hashed here rather than on the API's event loop (a masks zip is megabytes). */
  answerKeySha256: string;
  answerMasksSha256: string | null;
  rows: number;
  /** `json`: an array of `rows` rows `{ position, case_id, normalized_id, split, truth, nodules }`, in key order. */
  chunks: { rows: number; json: string }[];
}

export interface PreparedBundle {
  manifest: EventManifest;
  tasks: PreparedTask[];
}

export type Preparation = { ok: true; bundle: PreparedBundle } | { ok: false; problems: Problem[] };

export function prepareBundle(zip: Uint8Array): Preparation {
  const { bundle, problems } = loadEventBundle(zip, { inflate: createZlibInflater(zlib) });
  if (!bundle || problems.length > 0) return { ok: false, problems };
  const tasks = bundle.manifest.tasks.map((task): PreparedTask => {
    const key = bundle.answerKeys.get(task.slug);
    if (!key) throw new Error(`event-bundle returned no answer key for task ${task.slug}`);
    const rows = answerCaseRows(key);
    const chunks: PreparedTask['chunks'] = [];
    for (let start = 0; start < rows.length; start += ANSWER_ROWS_PER_CHUNK) {
      const slice = rows.slice(start, start + ANSWER_ROWS_PER_CHUNK);
      chunks.push({ rows: slice.length, json: JSON.stringify(slice) });
    }
    const answerKey = requiredFile(bundle.files, task.answer_key);
    const answerMasks = task.answer_masks ? requiredFile(bundle.files, task.answer_masks) : null;
    return {
      slug: task.slug,
      answerKey,
      answerMasks,
      answerKeySha256: sha256Hex(answerKey),
      answerMasksSha256: answerMasks ? sha256Hex(answerMasks) : null,
      rows: rows.length,
      chunks,
    };
  });
  return { ok: true, bundle: { manifest: bundle.manifest, tasks } };
}

function requiredFile(files: Map<string, Uint8Array>, path: string): Uint8Array {
  const bytes = files.get(path);
  // The bundle validator already reported missing files; reaching this is a bug, not bad input.
  if (!bytes) throw new Error(`event-bundle validated a bundle without its file ${path}`);
  return bytes;
}

interface AnswerCaseRow {
  position: number;
  case_id: string;
  normalized_id: string;
  split: string;
  truth: Record<string, number | null>;
  nodules: DetectionNoduleTruth[] | null;
}

function answerCaseRows(key: AnswerKey): AnswerCaseRow[] {
  const columns = Object.entries(key.truth);
  const nodules = key.findings ? nodulesByScan(key.findings) : undefined;
  return key.ids.map((caseId, index) => ({
    position: index,
    case_id: caseId,
    normalized_id: key.normalizedIds[index]!,
    split: key.split[index]!,
    truth: Object.fromEntries(columns.map(([name, values]) => [name, Number.isNaN(values[index]!) ? null : values[index]!])),
    nodules: nodules ? (nodules.get(key.normalizedIds[index]!) ?? []) : null,
  }));
}

function nodulesByScan(findings: DetectionFinding[]): Map<string, DetectionNoduleTruth[]> {
  const byScan = new Map<string, DetectionNoduleTruth[]>();
  for (const f of findings) {
    let list = byScan.get(f.caseId);
    if (!list) byScan.set(f.caseId, (list = []));
    list.push({ x: f.x, y: f.y, z: f.z, diameter_mm: f.diameter, ...(f.excluded ? { excluded: true as const } : {}) });
  }
  return byScan;
}
