import { InputError } from '../core/errors.js';
import type { Vec3 } from '../core/vec3.js';

/**
 * A naturalized DICOM data set: attribute keyword → value, as dcmjs produces it (strings, numbers, arrays of
 * them, arrays of nested data sets for sequences, ArrayBuffers for bulk data). Values are `unknown` until one
 * of the typed accessors below checks them; each accessor names the attribute in its error.
 */
export type NaturalDataset = Readonly<Record<string, unknown>>;

const fail = (keyword: string, problem: string): never => {
  throw new InputError(`${keyword}: ${problem}`, { attribute: keyword });
};

/** Present and non-empty (dcmjs gives null/'' or [] for empty type-2 attributes). */
export function hasValue(ds: NaturalDataset, keyword: string): boolean {
  const v = ds[keyword];
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/** A string attribute (first value when multi-valued), trimmed; undefined when absent or empty. */
export function optString(ds: NaturalDataset, keyword: string): string | undefined {
  if (!hasValue(ds, keyword)) return undefined;
  let v = ds[keyword];
  if (Array.isArray(v)) v = v[0];
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && v !== null && 'Alphabetic' in v)
    return String((v as { Alphabetic: unknown }).Alphabetic);
  if (typeof v !== 'string') return fail(keyword, `expected text, found ${typeof v}`);
  return v.trim() === '' ? undefined : v.trim();
}

/** A required string attribute. */
export function reqString(ds: NaturalDataset, keyword: string): string {
  return optString(ds, keyword) ?? fail(keyword, 'missing or empty');
}

/** All numeric values of an attribute (DS/IS/US… multi-valued), checked finite; [] when absent. */
export function numbers(ds: NaturalDataset, keyword: string): number[] {
  if (!hasValue(ds, keyword)) return [];
  const raw = ds[keyword];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v, n) => {
    const x = typeof v === 'string' ? Number(v) : v;
    if (typeof x !== 'number' || !Number.isFinite(x))
      return fail(keyword, `value ${n + 1} '${String(v)}' is not a finite number`);
    return x;
  });
}

/** A single number, or undefined when absent. */
export function optNumber(ds: NaturalDataset, keyword: string): number | undefined {
  return numbers(ds, keyword)[0];
}

/** A required single number. */
export function reqNumber(ds: NaturalDataset, keyword: string): number {
  return optNumber(ds, keyword) ?? fail(keyword, 'missing or empty');
}

/** Exactly `count` numbers. */
export function reqNumbers(ds: NaturalDataset, keyword: string, count: number): number[] {
  const list = numbers(ds, keyword);
  if (list.length !== count) fail(keyword, `expected ${count} values, found ${list.length}`);
  return list;
}

/** A required 3-vector (e.g. ImagePositionPatient, IsocenterPosition) in patient LPS mm. */
export function reqVec3(ds: NaturalDataset, keyword: string): Vec3 {
  const [x, y, z] = reqNumbers(ds, keyword, 3) as [number, number, number];
  return [x, y, z];
}

/** Items of a sequence ([] when absent). */
export function sequence(ds: NaturalDataset, keyword: string): NaturalDataset[] {
  if (!hasValue(ds, keyword)) return [];
  const v = ds[keyword];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item, n) =>
    typeof item === 'object' && item !== null && !(item instanceof ArrayBuffer)
      ? (item as NaturalDataset)
      : fail(keyword, `item ${n + 1} is not a data set`),
  );
}

/** First item of a required sequence. */
export function reqFirstItem(ds: NaturalDataset, keyword: string): NaturalDataset {
  return sequence(ds, keyword)[0] ?? fail(keyword, 'missing or empty sequence');
}

/** Bulk data fragments (PixelData: one buffer for native data, one per frame when encapsulated). */
export function bulkFragments(ds: NaturalDataset, keyword: string): ArrayBuffer[] {
  if (!hasValue(ds, keyword)) return fail(keyword, 'missing');
  const v = ds[keyword];
  const list = Array.isArray(v) ? v : [v];
  return list.map((b, n) =>
    b instanceof ArrayBuffer ? b : fail(keyword, `fragment ${n + 1} is not binary data`),
  );
}
