import { normalizeCaseId } from './case-id.js';
import { decodeNifti, type DecodeMaskOptions, type DecodedMask } from './nifti-codec.js';
import { decodePngMask } from './png-mask.js';

export type MaskFormat = 'nifti' | 'png';

/** The case a mask file is for, from its base name (`masks/Examen1.nii.gz` -> `examen1`). */
export function maskFileCase(path: string): { caseKey: string; format: MaskFormat; baseName: string } | undefined {
  const baseName = path.slice(path.lastIndexOf('/') + 1);
  const lower = baseName.toLowerCase();
  const format: MaskFormat | undefined = lower.endsWith('.nii') || lower.endsWith('.nii.gz') ? 'nifti' : lower.endsWith('.png') ? 'png' : undefined;
  if (!format) return undefined;
  return { caseKey: normalizeCaseId(baseName), format, baseName };
}

export function decodeMaskFile(bytes: Uint8Array, file: string, format: MaskFormat, options: DecodeMaskOptions): DecodedMask {
  return format === 'png' ? decodePngMask(bytes, file, options) : decodeNifti(bytes, file, options);
}
