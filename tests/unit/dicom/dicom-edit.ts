import { readFileSync } from 'node:fs';
import { optString } from '../../../src/dicom/dataset.js';
import { parseDicomBytes } from '../../../src/dicom/parse.js';
import { encodeInstance } from '../../../src/dicom/write-common.js';

/** A mutable naturalized data set (keyword → value) for building test variants of real files. */
export type EditableDataset = Record<string, unknown>;

/** Reads a DICOM file, lets `edit` change a deep copy of its data set, and re-encodes it as Part-10 bytes. */
export function editDicom(path: string, edit: (ds: EditableDataset) => void): Uint8Array {
  const parsed = parseDicomBytes(readFileSync(path), path);
  const ds = deepCopy(parsed.dataset) as EditableDataset;
  edit(ds);
  const SOPClassUID = optString(ds, 'SOPClassUID') ?? parsed.sopClassUid;
  const SOPInstanceUID = optString(ds, 'SOPInstanceUID') ?? '1.2.3';
  return encodeInstance({ ...ds, SOPClassUID, SOPInstanceUID });
}

/** The items of a sequence in an editable data set. */
export const items = (ds: EditableDataset, keyword: string): EditableDataset[] =>
  ds[keyword] as EditableDataset[];

/** Copies data values (arrays, plain objects, ArrayBuffers); dcmjs's accessor functions are dropped. */
function deepCopy(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (Array.isArray(value)) return value.map(deepCopy);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v !== 'function') out[k] = deepCopy(v);
    return out;
  }
  return value;
}
