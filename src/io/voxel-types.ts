import { InputError } from '../core/errors.js';
import type { VoxelArray } from '../core/volume.js';

/** The voxel element types equidose reads and writes (one per VoxelArray kind). */
export type VoxelType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** Bytes per element of each voxel type. */
export const BYTES_PER_VOXEL: Readonly<Record<VoxelType, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

/** True for the integer voxel types. */
export const isIntegerVoxelType = (type: VoxelType): boolean => type !== 'float32' && type !== 'float64';

/** The voxel type of a typed array. */
export function voxelTypeOf(data: VoxelArray): VoxelType {
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof Float32Array) return 'float32';
  return 'float64';
}

function allocate(type: VoxelType, buffer: ArrayBuffer): VoxelArray {
  switch (type) {
    case 'int8':
      return new Int8Array(buffer);
    case 'uint8':
      return new Uint8Array(buffer);
    case 'int16':
      return new Int16Array(buffer);
    case 'uint16':
      return new Uint16Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'uint32':
      return new Uint32Array(buffer);
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
  }
}

/** Whether this machine stores multi-byte numbers little-endian (x86, ARM: yes). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the byte order of every `width`-byte element of `bytes` in place. */
function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  const n = bytes.length;
  for (let p = 0; p < n; p += width) {
    for (let a = p, b = p + width - 1; a < b; a++, b--) {
      const t = bytes[a] as number;
      bytes[a] = bytes[b] as number;
      bytes[b] = t;
    }
  }
}

/**
 * Copies `count` voxels of `type` starting at byte `offset` of `bytes` into a new typed array in host byte order.
 * Throws InputError (naming `file`) when the bytes are too few: a header/data size mismatch or a truncated file.
 */
export function decodeVoxels(
  bytes: Uint8Array,
  offset: number,
  type: VoxelType,
  count: number,
  littleEndian: boolean,
  file: string,
): VoxelArray {
  const width = BYTES_PER_VOXEL[type];
  const byteLength = count * width;
  if (offset < 0 || offset + byteLength > bytes.length) {
    throw new InputError(
      `voxel data too short: header says ${count} ${type} voxels (${byteLength} bytes from byte ${offset}), ` +
        `file has ${Math.max(0, bytes.length - offset)} bytes of data`,
      { expectedBytes: byteLength, actualBytes: bytes.length - offset },
      file,
    );
  }
  // Copy into a fresh, aligned ArrayBuffer, so any offset works and the caller's bytes stay untouched
  // (not bytes.slice(): on a Node Buffer that is a view of the same memory).
  const copy = new Uint8Array(bytes.subarray(offset, offset + byteLength));
  if (littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(copy, width);
  return allocate(type, copy.buffer);
}

/** The voxels as bytes in the requested byte order (a copy when swapping, else a view). */
export function encodeVoxels(data: VoxelArray, littleEndian: boolean): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndian === HOST_LITTLE_ENDIAN) return view;
  const copy = view.slice();
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}
