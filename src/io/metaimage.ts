import { InputError, UnsupportedError } from '../core/errors.js';
import { createGrid, type Grid3, type Size3 } from '../core/grid.js';
import type { Quantity, Volume, VoxelArray } from '../core/volume.js';
import type { Vec3 } from '../core/vec3.js';
import { unzlibBytes, zlibBytes } from './gzip.js';
import type { DataFileLoader } from './nrrd.js';
import { isQuantity } from './quantity-tag.js';
import type { DecodedVolume } from './volume-format.js';
import { BYTES_PER_VOXEL, decodeVoxels, encodeVoxels, type VoxelType, voxelTypeOf } from './voxel-types.js';

/**
 * MetaImage (.mha with LOCAL data, .mhd + data file), as ITK's MetaIO reads and writes it. World frame: LPS
 * (ITK's). `TransformMatrix` lists the i, j, k axis direction vectors one after another (ITK writes
 * direction column d as elements 3d..3d+2), `Offset` is the LPS centre of voxel (0,0,0). The quantity is
 * stored in an extra `EquidoseQuantity` field, which MetaIO readers ignore.
 */
const ELEMENT_TYPES: Readonly<Record<string, VoxelType>> = {
  MET_CHAR: 'int8',
  MET_UCHAR: 'uint8',
  MET_SHORT: 'int16',
  MET_USHORT: 'uint16',
  MET_INT: 'int32',
  MET_UINT: 'uint32',
  MET_FLOAT: 'float32',
  MET_DOUBLE: 'float64',
};

const QUANTITY_KEY = 'EquidoseQuantity';

interface MetaHeader {
  readonly fields: ReadonlyMap<string, string>;
  /** Byte offset just after the ElementDataFile line (LOCAL data starts here). */
  readonly dataOffset: number;
}

/** Parses `Key = Value` lines up to and including ElementDataFile, which MetaIO requires to be last. */
function parseMetaHeader(bytes: Uint8Array, file: string): MetaHeader {
  const fields = new Map<string, string>();
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const line = new TextDecoder('latin1').decode(bytes.subarray(start, end)).replace(/\r$/, '');
    start = end + 1;
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new InputError(`malformed MetaImage header line '${line.slice(0, 60)}'`, {}, file);
    const key = line.slice(0, eq).trim();
    fields.set(key, line.slice(eq + 1).trim());
    if (key === 'ElementDataFile') return { fields, dataOffset: Math.min(start, bytes.length) };
    if (fields.size === 1 && !/^(ObjectType|NDims|Comment)$/.test(key))
      throw new InputError(`not a MetaImage header (first field '${key}')`, {}, file);
  }
  throw new InputError('MetaImage header has no ElementDataFile field', {}, file);
}

const numbers = (text: string | undefined): number[] =>
  (text ?? '')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map(Number);

function readVector(
  f: ReadonlyMap<string, string>,
  keys: string[],
  fallback: number[],
  file: string,
): number[] {
  const key = keys.find((k) => f.has(k));
  if (key === undefined) return fallback;
  const v = numbers(f.get(key));
  if (v.length !== fallback.length || !v.every(Number.isFinite))
    throw new InputError(
      `MetaImage ${key} needs ${fallback.length} numbers, got '${f.get(key) ?? ''}'`,
      {},
      file,
    );
  return v;
}

const isTrue = (text: string | undefined): boolean => /^(true|1)$/i.test(text ?? '');

function readGrid(f: ReadonlyMap<string, string>, file: string): Grid3 {
  if (f.has('ObjectType') && f.get('ObjectType') !== 'Image')
    throw new UnsupportedError(
      `MetaImage ObjectType '${f.get('ObjectType')}' is not supported (Image only)`,
      {},
      file,
    );
  if (f.get('NDims') !== '3')
    throw new UnsupportedError(
      `only 3D MetaImage volumes are supported (NDims = ${f.get('NDims')})`,
      {},
      file,
    );
  const size = readVector(f, ['DimSize'], [NaN, NaN, NaN], file);
  if (!size.every((n) => Number.isInteger(n) && n >= 1))
    throw new InputError(
      `MetaImage DimSize '${f.get('DimSize') ?? ''}' must be 3 positive integers`,
      {},
      file,
    );
  const spacingMm = readVector(f, ['ElementSpacing'], [1, 1, 1], file);
  const origin = readVector(f, ['Offset', 'Position', 'Origin'], [0, 0, 0], file);
  const m = readVector(f, ['TransformMatrix', 'Rotation', 'Orientation'], [1, 0, 0, 0, 1, 0, 0, 0, 1], file);
  const axis = (d: number): Vec3 => [m[3 * d] as number, m[3 * d + 1] as number, m[3 * d + 2] as number];
  return createGrid({
    size: size as unknown as Size3,
    spacingMm: spacingMm as unknown as Vec3,
    originLpsMm: origin as unknown as Vec3,
    axes: [axis(0), axis(1), axis(2)],
  });
}

function readElementType(f: ReadonlyMap<string, string>, file: string): VoxelType {
  const name = f.get('ElementType') ?? '';
  const type = ELEMENT_TYPES[name];
  if (type !== undefined) return type;
  if (/^MET_(U?LONG(_LONG)?|STRING|OTHER|[A-Z_]+_ARRAY)$/.test(name))
    throw new UnsupportedError(`MetaImage ElementType ${name} is not supported`, {}, file);
  throw new InputError(`unknown MetaImage ElementType '${name}'`, {}, file);
}

function checkSupported(f: ReadonlyMap<string, string>, file: string): void {
  const channels = f.get('ElementNumberOfChannels');
  if (channels !== undefined && channels !== '1')
    throw new UnsupportedError(`multi-channel MetaImage (${channels} channels) is not supported`, {}, file);
  if (f.has('BinaryData') && !isTrue(f.get('BinaryData')))
    throw new UnsupportedError('ASCII MetaImage data (BinaryData = False) is not supported', {}, file);
  const dataFile = f.get('ElementDataFile') ?? '';
  if (dataFile === 'LIST' || dataFile.includes('%') || dataFile.split(/\s+/).length > 1)
    throw new UnsupportedError(`MetaImage multi-file data ('${dataFile}') is not supported`, {}, file);
}

/** The (decompressed) data bytes and the file they come from: the .mha itself or the .mhd's data file. */
function readPayload(
  f: ReadonlyMap<string, string>,
  bytes: Uint8Array,
  dataOffset: number,
  file: string,
  loadDataFile: DataFileLoader,
): { payload: Uint8Array; dataPath: string } {
  const dataFile = f.get('ElementDataFile') ?? 'LOCAL';
  const detached = dataFile === 'LOCAL' ? undefined : loadDataFile(dataFile);
  const dataPath = detached?.path ?? file;
  let payload = detached?.bytes ?? bytes.subarray(dataOffset);
  const headerSize = Number(f.get('HeaderSize') ?? 0);
  if (detached !== undefined && headerSize > 0) payload = payload.subarray(headerSize);
  if (isTrue(f.get('CompressedData'))) {
    const compressedSize = f.has('CompressedDataSize') ? Number(f.get('CompressedDataSize')) : payload.length;
    payload = unzlibBytes(payload.subarray(0, compressedSize), dataPath);
  }
  return { payload, dataPath };
}

/** Decodes a .mha (LOCAL data) or .mhd (its ElementDataFile fetched by `loadDataFile`). */
export function decodeMetaImage(
  bytes: Uint8Array,
  file: string,
  loadDataFile: DataFileLoader,
): DecodedVolume {
  const { fields: f, dataOffset } = parseMetaHeader(bytes, file);
  checkSupported(f, file);
  const grid = readGrid(f, file);
  const type = readElementType(f, file);
  const count = grid.size[0] * grid.size[1] * grid.size[2];
  const { payload, dataPath } = readPayload(f, bytes, dataOffset, file, loadDataFile);
  // HeaderSize −1: the data are the last bytes of the file (MetaIO convention).
  const offset = f.get('HeaderSize') === '-1' ? payload.length - count * BYTES_PER_VOXEL[type] : 0;
  const msb = isTrue(f.get('BinaryDataByteOrderMSB') ?? f.get('ElementByteOrderMSB'));
  const data: VoxelArray = decodeVoxels(payload, offset, type, count, !msb, dataPath);
  const tag = f.get(QUANTITY_KEY);
  return { grid, data, taggedQuantity: tag !== undefined && isQuantity(tag) ? tag : undefined };
}

/**
 * The MetaImage header for `volume` (full-precision geometry, little-endian). `dataFile` undefined → LOCAL
 * (.mha, data follows); `compressedSize` set → CompressedData = True with that many zlib bytes.
 */
export function formatMetaImageHeader(
  volume: Volume<Quantity>,
  dataFile?: string,
  compressedSize?: number,
): string {
  const g = volume.grid;
  const type = voxelTypeOf(volume.data);
  const elementType = Object.keys(ELEMENT_TYPES).find((k) => ELEMENT_TYPES[k] === type) ?? 'MET_DOUBLE';
  const lines = [
    'ObjectType = Image',
    'NDims = 3',
    'BinaryData = True',
    'BinaryDataByteOrderMSB = False',
    `CompressedData = ${compressedSize !== undefined ? 'True' : 'False'}`,
    ...(compressedSize !== undefined ? [`CompressedDataSize = ${compressedSize}`] : []),
    `TransformMatrix = ${g.axes.flat().map(String).join(' ')}`,
    `Offset = ${g.originLpsMm.map(String).join(' ')}`,
    'CenterOfRotation = 0 0 0',
    `ElementSpacing = ${g.spacingMm.map(String).join(' ')}`,
    `DimSize = ${g.size.join(' ')}`,
    `${QUANTITY_KEY} = ${volume.quantity}`,
    `ElementType = ${elementType}`,
    `ElementDataFile = ${dataFile ?? 'LOCAL'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A complete .mha file, zlib-compressed (CompressedData = True) unless `compress` is false. */
export function encodeMetaImage(volume: Volume<Quantity>, compress: boolean): Uint8Array {
  const raw = encodeVoxels(volume.data, true);
  const body = compress ? zlibBytes(raw) : raw;
  const header = new TextEncoder().encode(
    formatMetaImageHeader(volume, undefined, compress ? body.length : undefined),
  );
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}
