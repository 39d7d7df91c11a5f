// Teams write `Examen1`, `examen1.dcm`, ` EXAMEN1.nii.gz `: all the same case.
const KNOWN_EXTENSIONS = ['.nii.gz', '.dcm', '.nii', '.png'];

/** Trims, lowercases and strips one trailing `.dcm`, `.nii`, `.nii.gz` or `.png`. */
export function normalizeCaseId(id: string): string {
  const lower = id.trim().toLowerCase();
  for (const ext of KNOWN_EXTENSIONS) {
    if (lower.length > ext.length && lower.endsWith(ext)) return lower.slice(0, -ext.length).trim();
  }
  return lower;
}
