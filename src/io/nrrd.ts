import { InputError, UnsupportedError } from '../core/errors.js';
import { createGrid, type Grid3, type Size3 } from '../core/grid.js';
import type { Quantity, Volume, VoxelArray } from '../core/volume.js';
import type { Vec3 } from '../core/vec3.js';
import { gunzipBytes, gzipBytes } from './gzip.js';
import {
  formatNrrdVector,
  NRRD_TYPE_NAME,
  type NrrdHeader,
  nrrdVoxelType,
  parseNrrdHeader,
  parseNrrdVector,
  spacingFromDirectionMm,
  splitNrrdList,
} from './nrrd-header.js';
import { formatQuantityTag, parseQuantityTag } from './quantity-tag.js';
import type { DecodedVolume } from './volume-format.js';
import { BYTES_PER_VOXEL, decodeVoxels, encodeVoxels, type VoxelType, voxelTypeOf } from './voxel-types.js';

/**
 * NRRD spaces equidose accepts, as the sign flip from that space to LPS. '3D-right-handed' has no anatomical
 * meaning; it is taken as LPS (the frame ITK and Slicer work in). Left-handed, scanner and time spaces are refused.
 */
const SPACE_TO_LPS_SIGN: Readonly<Record<string, Vec3>> = {
  'left-posterior-superior': [1, 1, 1],
  lps: [1, 1, 1],
  'right-anterior-superior': [-1, -1, 1],
  ras: [-1, -1, 1],
  'left-anterior-superior': [1, -1, 1],
  las: [1, -1, 1],
  '3d-right-handed': [1, 1, 1],
};

/** Reads a detached data file named in a header (relative to the header's folder): its bytes and resolved path. */
export type DataFileLoader = (name: string) => { bytes: Uint8Array; path: string };

/** Decodes a NRRD file (.nrrd with attached data, or a .nhdr whose `data file` is fetched by `loadDataFile`). */
export function decodeNrrd(bytes: Uint8Array, file: string, loadDataFile: DataFileLoader): DecodedVolume {
  const header = parseNrrdHeader(bytes, file);
  const f = header.fields;
  const type = nrrdVoxelType(f.get('type'), file);
  const size = readSize(f, file);
  const grid = readGrid(f, size, file);
  const count = size[0] * size[1] * size[2];
  const { payload, dataPath } = readPayload(header, bytes, file, loadDataFile);
  const encoding = (f.get('encoding') ?? '').toLowerCase();
  const data =
    encoding === 'ascii' || encoding === 'text' || encoding === 'txt'
      ? decodeAscii(payload, type, count, dataPath)
      : decodeBinary(payload, encoding, type, count, f, dataPath);
  return { grid, data, taggedQuantity: parseQuantityTag(f.get('content')) };
}

function readSize(f: ReadonlyMap<string, string>, file: string): Size3 {
  const dimension = Number(f.get('dimension'));
  if (dimension !== 3)
    throw new UnsupportedError(
      `only 3-dimensional NRRD volumes are supported (dimension: ${f.get('dimension')})`,
      {},
      file,
    );
  const sizes = splitNrrdList(f.get('sizes') ?? '').map(Number);
  if (sizes.length !== 3 || !sizes.every((n) => Number.isInteger(n) && n >= 1))
    throw new InputError(`bad NRRD sizes '${f.get('sizes') ?? ''}' (expected 3 positive integers)`, {}, file);
  return sizes as unknown as Size3;
}

function readGrid(f: ReadonlyMap<string, string>, size: Size3, file: string): Grid3 {
  const space = f.get('space');
  const units = f.get('space units');
  if (units !== undefined && splitNrrdList(units).some((u) => u.replace(/"/g, '') !== 'mm'))
    throw new UnsupportedError(`NRRD space units ${units} are not supported (mm only)`, {}, file);
  if (space === undefined) return gridWithoutSpace(f, size, file);
  const sign = SPACE_TO_LPS_SIGN[space.toLowerCase()];
  if (sign === undefined)
    throw new UnsupportedError(
      `NRRD space '${space}' is not supported (LPS, RAS, LAS or 3D-right-handed)`,
      {},
      file,
    );
  const directions = splitNrrdList(f.get('space directions') ?? '').map((t) => parseNrrdVector(t, file));
  if (directions.length !== 3 || directions.some((d) => d === undefined))
    throw new InputError(
      `NRRD 'space directions' must give 3 vectors for a 3D volume in space '${space}'`,
      {},
      file,
    );
  const origin = parseNrrdVector(f.get('space origin') ?? '(0,0,0)', file) ?? [0, 0, 0];
  const toLps = (v: Vec3): Vec3 => [v[0] * sign[0], v[1] * sign[1], v[2] * sign[2]];
  const spacingMm = directions.map((d) => spacingFromDirectionMm(d as Vec3)) as unknown as Vec3;
  const axes = directions.map((d, n) =>
    toLps((d as Vec3).map((x) => x / (spacingMm[n] as number)) as unknown as Vec3),
  );
  return createGrid({ size, spacingMm, originLpsMm: toLps(origin), axes: axes as unknown as Grid3['axes'] });
}

/** No `space`: axis-aligned, `spacings` (default 1 mm), origin 0 — there is no world frame to map. */
function gridWithoutSpace(f: ReadonlyMap<string, string>, size: Size3, file: string): Grid3 {
  const spacings = splitNrrdList(f.get('spacings') ?? 'nan nan nan').map(Number);
  if (spacings.length !== 3) throw new InputError(`bad NRRD spacings '${f.get('spacings') ?? ''}'`, {}, file);
  return createGrid({
    size,
    spacingMm: spacings.map((s) => (Number.isFinite(s) ? Math.abs(s) : 1)) as unknown as Vec3,
  });
}

/** The data bytes (after `line skip`) and the file they come from (the header itself, or its data file). */
function readPayload(
  header: NrrdHeader,
  bytes: Uint8Array,
  file: string,
  load: DataFileLoader,
): { payload: Uint8Array; dataPath: string } {
  const dataFile = header.fields.get('data file') ?? header.fields.get('datafile');
  if (dataFile === undefined) return { payload: bytes.subarray(header.dataOffset), dataPath: file };
  if (/^LIST\b/.test(dataFile) || splitNrrdList(dataFile).length > 1)
    throw new UnsupportedError(`NRRD multi-file data ('data file: ${dataFile}') is not supported`, {}, file);
  const { bytes: data, path: dataPath } = load(dataFile);
  const lineSkip = Number(header.fields.get('line skip') ?? 0);
  let start = 0;
  for (let lines = 0; lines < lineSkip; lines++) {
    const newline = data.indexOf(0x0a, start);
    if (newline < 0)
      throw new InputError(`NRRD line skip ${lineSkip} runs past the end of the data file`, {}, dataPath);
    start = newline + 1;
  }
  return { payload: data.subarray(start), dataPath };
}

function decodeBinary(
  payload: Uint8Array,
  encoding: string,
  type: VoxelType,
  count: number,
  f: ReadonlyMap<string, string>,
  file: string,
): VoxelArray {
  let body: Uint8Array;
  if (encoding === 'raw') body = payload;
  else if (encoding === 'gzip' || encoding === 'gz') body = gunzipBytes(payload, file);
  else if (encoding === '') throw new InputError('NRRD header has no encoding field', {}, file);
  else
    throw new UnsupportedError(`NRRD encoding '${encoding}' is not supported (raw, gzip or ascii)`, {}, file);
  const endian = f.get('endian') ?? 'little';
  if (endian !== 'little' && endian !== 'big') throw new InputError(`bad NRRD endian '${endian}'`, {}, file);
  const skip = Number(f.get('byte skip') ?? 0);
  const byteLength = count * BYTES_PER_VOXEL[type];
  // byte skip −1: the data are the last bytes of the (decompressed) payload.
  const offset = skip === -1 ? body.length - byteLength : skip;
  return decodeVoxels(body, offset, type, count, endian === 'little', file);
}

function decodeAscii(payload: Uint8Array, type: VoxelType, count: number, file: string): VoxelArray {
  const words = new TextDecoder('latin1')
    .decode(payload)
    .trim()
    .split(/[\s,]+/);
  if (words.length !== count)
    throw new InputError(`NRRD ascii data has ${words.length} values, header says ${count}`, {}, file);
  const out = decodeVoxels(new Uint8Array(count * BYTES_PER_VOXEL[type]), 0, type, count, true, file);
  for (let n = 0; n < count; n++) out[n] = Number(words[n]);
  return out;
}

/** NRRD encodings equidose writes. */
export type NrrdWriteEncoding = 'raw' | 'gzip';

/**
 * The NRRD header text for `volume` (space left-posterior-superior, full-precision geometry, quantity in
 * `content`), ending with the blank line; `dataFile` makes it a detached header.
 */
export function formatNrrdHeader(
  volume: Volume<Quantity>,
  encoding: NrrdWriteEncoding,
  dataFile?: string,
): string {
  const g = volume.grid;
  const type = voxelTypeOf(volume.data);
  const lines = [
    'NRRD0004',
    '# Complete NRRD file format specification at:',
    '# http://teem.sourceforge.net/nrrd/format.html',
    `type: ${NRRD_TYPE_NAME[type]}`,
    'dimension: 3',
    'space: left-posterior-superior',
    `sizes: ${g.size.join(' ')}`,
    `space directions: ${g.axes.map((a, d) => formatNrrdVector(a.map((x) => x * (g.spacingMm[d] as number)) as unknown as Vec3)).join(' ')}`,
    'kinds: domain domain domain',
    ...(BYTES_PER_VOXEL[type] > 1 ? ['endian: little'] : []),
    `encoding: ${encoding}`,
    `space origin: ${formatNrrdVector(g.originLpsMm)}`,
    `content: ${formatQuantityTag(volume.quantity)}`,
    ...(dataFile !== undefined ? [`data file: ${dataFile}`] : []),
  ];
  return `${lines.join('\n')}\n\n`;
}

/** The data bytes of `volume` for a NRRD body (little-endian, gzip-compressed when asked). */
export function encodeNrrdBody(volume: Volume<Quantity>, encoding: NrrdWriteEncoding): Uint8Array {
  const raw = encodeVoxels(volume.data, true);
  return encoding === 'gzip' ? gzipBytes(raw) : raw;
}

/** A complete attached-data .nrrd file. */
export function encodeNrrd(volume: Volume<Quantity>, encoding: NrrdWriteEncoding): Uint8Array {
  const header = new TextEncoder().encode(formatNrrdHeader(volume, encoding));
  const body = encodeNrrdBody(volume, encoding);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}
