// Detection tasks (LUNA16-style nodule detection scored with FROC/CPM): what event.yaml declares
// and the fixed column names of the answer key and of a team's candidate file.

/** `tasks[].submission.detection`: the team uploads a CSV of candidates, zero or more per scan. */
export interface DetectionSubmissionManifest {
  /** Name of the scan id column in the team's CSV (e.g. `seriesuid`). */
  id: string;
  /** Most candidate rows accepted for one scan (default `DEFAULT_MAX_CANDIDATES_PER_SCAN`). */
  max_candidates_per_scan?: number;
}

/** LUNA16 submissions hold a few hundred candidates per scan; far more is a broken export. */
export const DEFAULT_MAX_CANDIDATES_PER_SCAN = 1000;

/** Columns of a candidate file besides the id: centre in mm (world coordinates) and a probability in [0, 1]. */
export const DETECTION_CANDIDATE_COLUMNS = ['x', 'y', 'z', 'probability'] as const;

/**
 * Columns of a detection answer key besides `id` and `split`: one row per nodule (centre in mm
 * and diameter in mm), and one row with these four cells empty for a scan without nodule.
 */
export const DETECTION_KEY_COLUMNS = ['x', 'y', 'z', 'diameter_mm'] as const;

/**
 * Optional answer-key column: 1 marks an excluded finding (LUNA16 annotations_excluded), whose
 * candidates are neither hits nor false positives and which is not counted as a nodule.
 */
export const DETECTION_EXCLUDED_COLUMN = 'excluded';

/** A reference nodule as stored with its scan (server side only). */
export interface DetectionNoduleTruth {
  x: number;
  y: number;
  z: number;
  diameter_mm: number;
  /** Present (true) only on excluded findings. */
  excluded?: true;
}
