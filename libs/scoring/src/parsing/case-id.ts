// Teams write `Examen1`, `examen1.dcm`, ` EXAMEN1.nii.gz `: all the same case.
const KNOWN_EXTENSIONS = ['.nii.gz', '.dcm', '.nii', '.png'];

/** Trims, lowercases and strips one trailing `.dcm`, `.nii`, `.nii.gz` or `.png`. */
export function normalizeCaseId(id: string): string {
  if (isAlreadyNormal(id)) return id;
  const lower = id.trim().toLowerCase();
  for (const ext of KNOWN_EXTENSIONS) {
    if (lower.length > ext.length && lower.endsWith(ext)) return lower.slice(0, -ext.length).trim();
  }
  return lower;
}

// Most ids are already lowercase with no dot or edge space: skip the allocations (100k-row files).
function isAlreadyNormal(id: string): boolean {
  const n = id.length;
  if (n === 0) return true;
  if (id.charCodeAt(0) <= 32 || id.charCodeAt(n - 1) <= 32) return false;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 46 || c > 127) return false;
  }
  return true;
}

/** Whether text[start, end) ends with an extension `normalizeCaseId` strips (any letter case). */
export function endsWithCaseIdExtension(text: string, start: number, end: number): boolean {
  return KNOWN_EXTENSIONS.some((ext) => end - start >= ext.length && text.slice(end - ext.length, end).toLowerCase() === ext);
}
