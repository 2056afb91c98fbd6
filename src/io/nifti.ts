import { NIFTI1 } from 'nifti-reader-js';
import { InputError, UnsupportedError } from '../core/errors.js';
import type { Size3 } from '../core/grid.js';
import type { Quantity, Volume, VoxelArray } from '../core/volume.js';
import { gridToNiftiTransform, niftiTransformToGrid } from './nifti-geometry.js';
import { formatQuantityTag, parseQuantityTag } from './quantity-tag.js';
import type { DecodedVolume } from './volume-format.js';
import { BYTES_PER_VOXEL, decodeVoxels, encodeVoxels, type VoxelType, voxelTypeOf } from './voxel-types.js';

/** NIfTI-1 single-file (.nii) header size and the data offset equidose writes (header + 4 extension bytes). */
const HEADER_BYTES = 348;
const WRITE_VOX_OFFSET = 352;

/** NIfTI datatype codes of the voxel types equidose supports. */
const DATATYPE_CODES: Readonly<Record<VoxelType, number>> = {
  uint8: 2,
  int16: 4,
  int32: 8,
  float32: 16,
  float64: 64,
  int8: 256,
  uint16: 512,
  uint32: 768,
};
/** Valid NIfTI datatypes equidose does not handle: complex, RGB, 64-bit integers, float128, binary. */
const UNSUPPORTED_DATATYPES: Readonly<Record<number, string>> = {
  1: 'binary',
  32: 'complex64',
  128: 'RGB24',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'RGBA32',
};

function voxelTypeOfCode(code: number, bitpix: number, file: string): VoxelType {
  const type = (Object.keys(DATATYPE_CODES) as VoxelType[]).find((t) => DATATYPE_CODES[t] === code);
  if (type === undefined) {
    const known = UNSUPPORTED_DATATYPES[code];
    if (known !== undefined)
      throw new UnsupportedError(`NIfTI datatype ${known} (${code}) is not supported`, {}, file);
    throw new InputError(`unknown NIfTI datatype code ${code}`, { datatype: code }, file);
  }
  if (bitpix !== BYTES_PER_VOXEL[type] * 8)
    throw new InputError(`NIfTI bitpix ${bitpix} does not match datatype ${type}`, { bitpix, type }, file);
  return type;
}

/** Multiplier from xyzt_units' spatial code to mm (0 = unknown is read as mm, as ITK and nibabel do). */
function unitsToMm(xyztUnits: number): number {
  const spatial = xyztUnits & 7;
  return spatial === 1 ? 1000 : spatial === 3 ? 0.001 : 1;
}

function readSize(dims: readonly number[], file: string): Size3 {
  const rank = dims[0] ?? 0;
  if (rank < 1 || rank > 7) throw new InputError(`NIfTI dim[0] = ${rank}, expected 1..7`, {}, file);
  const size = [1, 2, 3].map((d) => (d <= rank ? (dims[d] ?? 0) : 1));
  for (let d = 4; d <= rank; d++) {
    if ((dims[d] ?? 1) !== 1)
      throw new UnsupportedError(`only 3D NIfTI volumes are supported (dim[${d}] = ${dims[d]})`, {}, file);
  }
  if (size.some((n) => n < 1))
    throw new InputError(`NIfTI dimensions [${size.join(', ')}] must be ≥ 1`, {}, file);
  return size as unknown as Size3;
}

/** Parses the 348-byte header with nifti-reader-js after our own magic and version checks. */
function parseHeader(bytes: Uint8Array, file: string): NIFTI1 {
  if (bytes.length < HEADER_BYTES)
    throw new InputError(`file too short for a NIfTI-1 header (${bytes.length} bytes)`, {}, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLe = view.getInt32(0, true);
  const sizeBe = view.getInt32(0, false);
  if (sizeLe === 540 || sizeBe === 540)
    throw new UnsupportedError('NIfTI-2 files are not supported', {}, file);
  if (sizeLe !== HEADER_BYTES && sizeBe !== HEADER_BYTES)
    throw new InputError('not a NIfTI-1 file (sizeof_hdr is not 348)', {}, file);
  const magic = String.fromCharCode(bytes[344] ?? 0, bytes[345] ?? 0, bytes[346] ?? 0);
  if (magic === 'ni1')
    throw new UnsupportedError('NIfTI .hdr/.img pairs are not supported; convert to .nii', {}, file);
  if (magic !== 'n+1')
    throw new InputError(`bad NIfTI-1 magic ${JSON.stringify(magic)} (expected "n+1")`, {}, file);
  const header = new NIFTI1();
  header.readHeader(new Uint8Array(bytes.subarray(0, HEADER_BYTES)).buffer);
  return header;
}

/** srow_x/y/z (bytes 280..327), read directly: nifti-reader-js's `affine` holds them only when it prefers the sform. */
function readSrow(bytes: Uint8Array, littleEndian: boolean): [number[], number[], number[]] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const row = (r: number): number[] =>
    [0, 1, 2, 3].map((c) => view.getFloat32(280 + (r * 4 + c) * 4, littleEndian));
  return [row(0), row(1), row(2)];
}

/** Applies scl_slope/scl_inter (nifti1.h: value = slope·stored + inter, skipped when slope is 0, NaN or 1 with inter 0). */
function applyScaling(data: VoxelArray, type: VoxelType, slope: number, inter: number): VoxelArray {
  if (!Number.isFinite(slope) || slope === 0 || (slope === 1 && (inter === 0 || !Number.isFinite(inter))))
    return data;
  const offset = Number.isFinite(inter) ? inter : 0;
  // Float32 holds int8/16 and float32 sources scaled by a float32 slope; wider sources need Float64.
  const wide = type === 'int32' || type === 'uint32' || type === 'float64';
  const out = wide ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let n = 0; n < data.length; n++) out[n] = (data[n] as number) * slope + offset;
  return out;
}

/**
 * Decodes an uncompressed NIfTI-1 single file (.nii bytes; gunzip .nii.gz first). Scaled files
 * (scl_slope ≠ 0 and not the identity) come back as Float32 (Float64 for int32/uint32/float64 sources).
 */
export function decodeNifti(bytes: Uint8Array, file: string): DecodedVolume {
  const h = parseHeader(bytes, file);
  const size = readSize(h.dims, file);
  const type = voxelTypeOfCode(h.datatypeCode, h.numBitsPerVoxel, file);
  const voxOffset = Math.floor(h.vox_offset);
  if (!(voxOffset >= HEADER_BYTES))
    throw new InputError(`NIfTI vox_offset ${h.vox_offset} is inside the header`, {}, file);
  const grid = niftiTransformToGrid(
    {
      qformCode: h.qform_code,
      sformCode: h.sform_code,
      pixdim: [h.pixDims[0] ?? 1, h.pixDims[1] ?? 0, h.pixDims[2] ?? 0, h.pixDims[3] ?? 0],
      quaternBcd: [h.quatern_b, h.quatern_c, h.quatern_d],
      qoffsetRasMm: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
      srow: readSrow(bytes, h.littleEndian),
      unitsToMm: unitsToMm(h.xyzt_units),
    },
    size,
  );
  const raw = decodeVoxels(bytes, voxOffset, type, size[0] * size[1] * size[2], h.littleEndian, file);
  return {
    grid,
    data: applyScaling(raw, type, h.scl_slope, h.scl_inter),
    taggedQuantity: parseQuantityTag(h.description),
  };
}

/** Encodes `volume` as an uncompressed little-endian NIfTI-1 single file (.nii bytes; gzip for .nii.gz). */
export function encodeNifti(volume: Volume<Quantity>): Uint8Array {
  const { size, spacingMm } = volume.grid;
  if (size.some((n) => n > 32767))
    throw new UnsupportedError(`NIfTI-1 dimensions are int16: size [${size.join(', ')}] is too large`);
  const type = voxelTypeOf(volume.data);
  const t = gridToNiftiTransform(volume.grid);
  const voxels = encodeVoxels(volume.data, true);
  const out = new Uint8Array(WRITE_VOX_OFFSET + voxels.byteLength);
  const v = new DataView(out.buffer);
  v.setInt32(0, HEADER_BYTES, true);
  out[38] = 0x72; // 'r': "regular", as nifti_clib writes
  [3, size[0], size[1], size[2], 1, 1, 1, 1].forEach((n, d) => v.setInt16(40 + 2 * d, n, true));
  v.setInt16(70, DATATYPE_CODES[type], true);
  v.setInt16(72, BYTES_PER_VOXEL[type] * 8, true);
  [t.pixdim[0], spacingMm[0], spacingMm[1], spacingMm[2], 0, 0, 0, 0].forEach((p, d) =>
    v.setFloat32(76 + 4 * d, p, true),
  );
  v.setFloat32(108, WRITE_VOX_OFFSET, true);
  v.setFloat32(112, 1, true); // scl_slope 1, scl_inter 0: stored values are the values
  out[123] = 2; // xyzt_units: mm
  writeAscii(out, 148, 80, formatQuantityTag(volume.quantity));
  v.setInt16(252, t.qformCode, true);
  v.setInt16(254, t.sformCode, true);
  t.quaternBcd.forEach((q, d) => v.setFloat32(256 + 4 * d, q, true));
  t.qoffsetRasMm.forEach((q, d) => v.setFloat32(268 + 4 * d, q, true));
  t.srow.forEach((row, r) => row.forEach((x, c) => v.setFloat32(280 + (r * 4 + c) * 4, x, true)));
  writeAscii(out, 344, 4, 'n+1');
  out.set(voxels, WRITE_VOX_OFFSET);
  return out;
}

function writeAscii(out: Uint8Array, at: number, maxBytes: number, text: string): void {
  for (let n = 0; n < Math.min(text.length, maxBytes - 1); n++) out[at + n] = text.charCodeAt(n) & 0x7f;
}
