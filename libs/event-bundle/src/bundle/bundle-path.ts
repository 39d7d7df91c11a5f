// File references in event.yaml (answer_key, answer_masks) must stay inside the bundle: the
// server resolves them against the uploaded zip, never against its own disk.

/** Returns why `reference` is unsafe or malformed, or undefined when it is a clean relative path. */
export function checkBundlePath(reference: string): string | undefined {
  const quoted = JSON.stringify(reference);
  const fix = 'write a path relative to event.yaml with forward slashes, e.g. keys/lung.csv';
  if (reference.trim() === '') return `is empty: ${fix}`;
  if (reference.includes('\\')) return `${quoted} contains a backslash: ${fix}`;
  if (reference.startsWith('/') || /^[a-zA-Z]:/.test(reference)) return `${quoted} is an absolute path: ${fix}`;
  if (reference.includes('\0')) return `${quoted} contains a NUL character: ${fix}`;
  const segments = reference.split('/');
  if (segments.includes('..')) return `${quoted} leaves the bundle through "..": ${fix}`;
  if (segments.some((segment, i) => segment === '' && i !== 0)) return `${quoted} has an empty path segment: ${fix}`;
  return undefined;
}

/** `./keys/lung.csv` and `keys/lung.csv` name the same bundle entry. */
export function normalizeBundlePath(reference: string): string {
  return reference
    .split('/')
    .filter((segment) => segment !== '.' && segment !== '')
    .join('/');
}
