import { InputError, UnsupportedError } from '../core/errors.js';
import { bulkFragments, optNumber, reqNumber } from './dataset.js';
import { decodeJpeg2000Frame } from './j2k-codec.js';
import type { DicomFile } from './parse.js';
import { pixelEncodingOf } from './transfer-syntax.js';

/** Stored pixel values of one frame, row-major (columns fastest) = i fastest on the image grid. */
export type StoredFrame = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** Pixel layout attributes of an image, checked. */
export interface PixelLayout {
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly bitsAllocated: 8 | 16 | 32;
  readonly bitsStored: number;
  readonly signed: boolean;
}

/** Reads and checks Rows, Columns, NumberOfFrames, BitsAllocated/Stored, PixelRepresentation, SamplesPerPixel. */
export function readPixelLayout(file: DicomFile): PixelLayout {
  const ds = file.dataset;
  const samplesPerPixel = optNumber(ds, 'SamplesPerPixel') ?? 1;
  if (samplesPerPixel !== 1) {
    throw new UnsupportedError(
      `SamplesPerPixel ${samplesPerPixel}: only grey-scale images are supported`,
      {},
      file.file,
    );
  }
  const bitsAllocated = reqNumber(ds, 'BitsAllocated');
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new UnsupportedError(
      `BitsAllocated ${bitsAllocated} is not supported (8, 16 or 32)`,
      {},
      file.file,
    );
  }
  const rows = reqNumber(ds, 'Rows');
  const columns = reqNumber(ds, 'Columns');
  const frames = optNumber(ds, 'NumberOfFrames') ?? 1;
  if (![rows, columns, frames].every((n) => Number.isInteger(n) && n > 0)) {
    throw new InputError(
      `bad image size: Rows ${rows}, Columns ${columns}, NumberOfFrames ${frames}`,
      {},
      file.file,
    );
  }
  const bitsStored = optNumber(ds, 'BitsStored') ?? bitsAllocated;
  return {
    rows,
    columns,
    frames,
    bitsAllocated,
    bitsStored,
    signed: (optNumber(ds, 'PixelRepresentation') ?? 0) === 1,
  };
}

/**
 * Decodes every frame of a file's PixelData to stored values (before RescaleSlope/Intercept).
 * Native (uncompressed) and JPEG 2000 pixel data; any other transfer syntax → UnsupportedError naming it.
 */
export function decodeFrames(file: DicomFile, layout: PixelLayout = readPixelLayout(file)): StoredFrame[] {
  try {
    const encoding = pixelEncodingOf(file.transferSyntaxUid);
    const fragments = bulkFragments(file.dataset, 'PixelData');
    return encoding === 'native' ? nativeFrames(fragments, layout) : jpeg2000Frames(fragments, layout);
  } catch (error) {
    throw error instanceof InputError || error instanceof UnsupportedError
      ? error.withFile(file.file)
      : error;
  }
}

function nativeFrames(fragments: ArrayBuffer[], layout: PixelLayout): StoredFrame[] {
  const bytesPerSample = layout.bitsAllocated / 8;
  const frameSamples = layout.rows * layout.columns;
  const total = fragments.reduce((n, f) => n + f.byteLength, 0);
  const needed = frameSamples * bytesPerSample * layout.frames;
  if (total < needed) {
    throw new InputError(
      `pixel data truncated: ${total} bytes, expected ${needed} (${layout.frames} frame(s) of ${layout.columns}×${layout.rows}×${bytesPerSample} bytes)`,
    );
  }
  const all = new Uint8Array(needed);
  let at = 0;
  for (const f of fragments) {
    const take = Math.min(f.byteLength, needed - at);
    all.set(new Uint8Array(f, 0, take), at);
    at += take;
  }
  const frames: StoredFrame[] = [];
  for (let k = 0; k < layout.frames; k++) {
    const buffer = all.buffer.slice(
      k * frameSamples * bytesPerSample,
      (k + 1) * frameSamples * bytesPerSample,
    );
    frames.push(signExtend(typedView(buffer, layout), layout));
  }
  return frames;
}

function typedView(buffer: ArrayBuffer, layout: PixelLayout): StoredFrame {
  // DICOM native pixel data in our supported syntaxes is little-endian, as is every platform Node runs on.
  if (layout.bitsAllocated === 8) return layout.signed ? new Int8Array(buffer) : new Uint8Array(buffer);
  if (layout.bitsAllocated === 16) return layout.signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  return layout.signed ? new Int32Array(buffer) : new Uint32Array(buffer);
}

/** Signed values stored in fewer bits than allocated: extend the sign bit (BitsStored − 1), as pydicom does. */
function signExtend(frame: StoredFrame, layout: PixelLayout): StoredFrame {
  if (!layout.signed || layout.bitsStored >= layout.bitsAllocated || layout.bitsAllocated === 32)
    return frame;
  const shift = 32 - layout.bitsStored;
  for (let n = 0; n < frame.length; n++) frame[n] = ((frame[n] as number) << shift) >> shift;
  return frame;
}

function jpeg2000Frames(fragments: ArrayBuffer[], layout: PixelLayout): StoredFrame[] {
  let perFrame: Uint8Array[];
  if (fragments.length === layout.frames) perFrame = fragments.map((f) => new Uint8Array(f));
  else if (layout.frames === 1) perFrame = [concat(fragments)];
  else {
    throw new InputError(
      `encapsulated pixel data has ${fragments.length} fragments for ${layout.frames} frames`,
    );
  }
  const frames: StoredFrame[] = [];
  for (const codestream of perFrame) {
    const decoded = decodeJpeg2000Frame(codestream);
    if (decoded.width !== layout.columns || decoded.height !== layout.rows) {
      throw new InputError(
        `JPEG 2000 frame is ${decoded.width}×${decoded.height}, header says ${layout.columns}×${layout.rows}`,
      );
    }
    frames.push(decoded.samples);
  }
  return frames;
}

function concat(fragments: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(fragments.reduce((n, f) => n + f.byteLength, 0));
  let at = 0;
  for (const f of fragments) {
    out.set(new Uint8Array(f), at);
    at += f.byteLength;
  }
  return out;
}
