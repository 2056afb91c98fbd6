import { gunzipSync, gzipSync, unzlibSync, zlibSync } from 'fflate';
import { InputError } from '../core/errors.js';

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * Compression level for everything equidose writes: 6 is zlib's default (the usual size/speed balance);
 * the data is bit-exact whatever the level.
 */
const LEVEL = 6;

/** Gunzips `bytes`; a truncated or corrupt stream becomes an InputError naming `file`. */
export function gunzipBytes(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new InputError(`corrupt or truncated gzip data (${(error as Error).message})`, {}, file);
  }
}

/** Inflates a zlib stream (MetaImage CompressedData); corrupt data becomes an InputError naming `file`. */
export function unzlibBytes(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return unzlibSync(bytes);
  } catch (error) {
    throw new InputError(`corrupt or truncated zlib data (${(error as Error).message})`, {}, file);
  }
}

/** Gzip-compresses `bytes`. */
export const gzipBytes = (bytes: Uint8Array): Uint8Array => gzipSync(bytes, { level: LEVEL });

/** Zlib-compresses `bytes` (the MetaImage CompressedData stream). */
export const zlibBytes = (bytes: Uint8Array): Uint8Array => zlibSync(bytes, { level: LEVEL });
