import { InputError, UnsupportedError } from '../core/errors.js';
import type { Vec3 } from '../core/vec3.js';
import type { VoxelType } from './voxel-types.js';

/**
 * NRRD header text ↔ fields (teem NRRD0001..NRRD0005, http://teem.sourceforge.net/nrrd/format.html).
 * Field names are case-sensitive in the spec but compared lower-case here, as teem's own parser does.
 */
export interface NrrdHeader {
  /** Field name (lower case) → raw value text. */
  readonly fields: ReadonlyMap<string, string>;
  /** `key:=value` pairs. */
  readonly keyValues: ReadonlyMap<string, string>;
  /** Byte offset of the first data byte after the blank line ending the header (attached data). */
  readonly dataOffset: number;
}

/** NRRD type names (all spellings in the spec) → voxel type. 64-bit integers and block are refused. */
const TYPE_NAMES: Readonly<Record<string, VoxelType>> = {
  'signed char': 'int8',
  int8: 'int8',
  int8_t: 'int8',
  uchar: 'uint8',
  'unsigned char': 'uint8',
  uint8: 'uint8',
  uint8_t: 'uint8',
  short: 'int16',
  'short int': 'int16',
  'signed short': 'int16',
  'signed short int': 'int16',
  int16: 'int16',
  int16_t: 'int16',
  ushort: 'uint16',
  'unsigned short': 'uint16',
  'unsigned short int': 'uint16',
  uint16: 'uint16',
  uint16_t: 'uint16',
  int: 'int32',
  'signed int': 'int32',
  int32: 'int32',
  int32_t: 'int32',
  uint: 'uint32',
  'unsigned int': 'uint32',
  uint32: 'uint32',
  uint32_t: 'uint32',
  float: 'float32',
  double: 'float64',
};

/** The canonical NRRD type name equidose writes for each voxel type. */
export const NRRD_TYPE_NAME: Readonly<Record<VoxelType, string>> = {
  int8: 'signed char',
  uint8: 'unsigned char',
  int16: 'short',
  uint16: 'unsigned short',
  int32: 'int',
  uint32: 'unsigned int',
  float32: 'float',
  float64: 'double',
};

/** Splits the header off `bytes` (up to the first empty line) and parses its lines. */
export function parseNrrdHeader(bytes: Uint8Array, file: string): NrrdHeader {
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (!/^NRRD000[1-5]$/.test(magic))
    throw new InputError(`not a NRRD file (starts ${JSON.stringify(magic)}, expected "NRRD000n")`, {}, file);
  const end = findBlankLine(bytes);
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end.headerEnd));
  const fields = new Map<string, string>();
  const keyValues = new Map<string, string>();
  for (const rawLine of text.split('\n').slice(1)) {
    const line = rawLine.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const kv = line.indexOf(':=');
    const colon = line.indexOf(': ');
    if (kv >= 0 && (colon < 0 || kv < colon)) {
      keyValues.set(line.slice(0, kv), line.slice(kv + 2));
    } else if (colon >= 0) {
      fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 2).trim());
    } else {
      throw new InputError(`malformed NRRD header line '${line}'`, {}, file);
    }
  }
  return { fields, keyValues, dataOffset: end.dataOffset };
}

/** Index of the blank line ending the header; a detached header may simply end. */
function findBlankLine(bytes: Uint8Array): { headerEnd: number; dataOffset: number } {
  for (let n = 0; n + 1 < bytes.length; n++) {
    if (bytes[n] !== 0x0a) continue;
    if (bytes[n + 1] === 0x0a) return { headerEnd: n, dataOffset: n + 2 };
    if (bytes[n + 1] === 0x0d && bytes[n + 2] === 0x0a) return { headerEnd: n, dataOffset: n + 3 };
  }
  return { headerEnd: bytes.length, dataOffset: bytes.length };
}

/** The voxel type of a NRRD `type:` value. */
export function nrrdVoxelType(name: string | undefined, file: string): VoxelType {
  if (name === undefined) throw new InputError('NRRD header has no type field', {}, file);
  const type = TYPE_NAMES[name.toLowerCase()];
  if (type !== undefined) return type;
  if (/long|int64|block/i.test(name))
    throw new UnsupportedError(`NRRD type '${name}' is not supported`, {}, file);
  throw new InputError(`unknown NRRD type '${name}'`, {}, file);
}

/** Parses `(x,y,z)` into a vector; 'none' gives undefined. */
export function parseNrrdVector(text: string, file: string): Vec3 | undefined {
  if (text === 'none') return undefined;
  const m = /^\(\s*([^,]+),([^,]+),([^,)]+)\)$/.exec(text.replace(/\s+/g, ''));
  const v = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
  if (v.length !== 3 || !v.every(Number.isFinite))
    throw new InputError(`bad NRRD vector '${text}' (expected (x,y,z) with 3 numbers)`, {}, file);
  return v as unknown as Vec3;
}

/** Splits a list field into its space-separated parts, keeping `( … )` vectors together. */
export const splitNrrdList = (text: string): string[] => text.match(/\([^)]*\)|\S+/g) ?? [];

/** How far (relative) the length of a rounded `space directions` vector may sit from the spacing it encodes. */
const DIRECTION_LENGTH_RELATIVE_ERROR = 4 * Number.EPSILON;
/**
 * Most significant digits of a spacing worth snapping to. DICOM DS values and typed-in spacings have fewer; 12 keeps
 * the decimal grid ≥ 1000× coarser than the ±4 ε band, so an arbitrary length is almost never moved.
 */
const SPACING_MAX_DIGITS = 12;

/**
 * The spacing (mm) a NRRD `space directions` vector stands for: its length, snapped to the shortest decimal of at
 * most 12 significant digits within 4 ε (relative) of the computed length when there is one.
 *
 * Why: a writer stores spacing × unit axis. On an oblique axis the three products are rounded to doubles, the
 * axis itself is unit only to an ulp, and the length is recomputed with rounding, so spacing 2.5 read back as
 * 2.4999999999999996 (1–3 ulps off). The short decimal inside that error band is the value that was written; a
 * length with no such decimal nearby is returned as computed. The change is at most 4 ε relative (< 1e-15).
 */
export function spacingFromDirectionMm(direction: Vec3): number {
  const length = Math.hypot(direction[0], direction[1], direction[2]);
  for (let digits = 1; digits <= SPACING_MAX_DIGITS; digits++) {
    const decimal = Number(length.toPrecision(digits));
    if (Math.abs(decimal - length) <= DIRECTION_LENGTH_RELATIVE_ERROR * length) return decimal;
  }
  return length;
}

/** Formats a vector the way NRRD expects, with full double precision (shortest round-trip text). */
export const formatNrrdVector = (v: Vec3): string => `(${v.map((x) => String(x)).join(',')})`;
