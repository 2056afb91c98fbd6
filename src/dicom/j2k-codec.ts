import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import openJpegFactory, { type OpenJpegModule } from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import { InputError } from '../core/errors.js';

/**
 * JPEG 2000 decoding with cornerstone's OpenJPEG WebAssembly build (@cornerstonejs/codec-openjpeg): the only
 * file that imports it. The module is instantiated once per process, on first use, synchronously through
 * Emscripten's documented `instantiateWasm` hook (Node compiles WebAssembly synchronously at any size), so that
 * DICOM reading stays synchronous like every other volume reader. The codec's console chatter is muted.
 */
let codec: OpenJpegModule | undefined;

function loadCodec(): OpenJpegModule {
  if (codec) return codec;
  const wasmPath = createRequire(import.meta.url).resolve('@cornerstonejs/codec-openjpeg/decodewasm');
  const wasm = new WebAssembly.Module(readFileSync(wasmPath));
  const module: Partial<OpenJpegModule> & Parameters<typeof openJpegFactory>[0] = {
    print: () => undefined,
    printErr: () => undefined,
    instantiateWasm(imports, done) {
      const instance = new WebAssembly.Instance(wasm, imports);
      done(instance);
      return instance.exports;
    },
  };
  // The factory fills `module` in place during the synchronous instantiation; its promise only repeats that.
  void openJpegFactory(module);
  if (typeof module.J2KDecoder !== 'function') throw new InputError('JPEG 2000 codec failed to initialise');
  codec = module as OpenJpegModule;
  return codec;
}

/** A decoded grey-scale frame: samples in row-major order (columns fastest), as the codestream stores them. */
export interface DecodedJ2kFrame {
  readonly width: number;
  readonly height: number;
  readonly samples: Uint8Array | Int8Array | Uint16Array | Int16Array;
}

/** Decodes one JPEG 2000 codestream (one DICOM frame). Throws InputError when it does not decode. */
export function decodeJpeg2000Frame(codestream: Uint8Array): DecodedJ2kFrame {
  const decoder = new (loadCodec().J2KDecoder)();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    try {
      decoder.decode();
    } catch (error) {
      throw new InputError(`JPEG 2000 frame does not decode (${String(error)})`);
    }
    const info = decoder.getFrameInfo();
    if (info.componentCount !== 1) {
      throw new InputError(`JPEG 2000 frame has ${info.componentCount} components, expected 1 (grey-scale)`);
    }
    // Copy out of the WebAssembly heap before the decoder is freed.
    const bytes = decoder.getDecodedBuffer().slice();
    const samples =
      info.bitsPerSample <= 8
        ? info.isSigned
          ? new Int8Array(bytes.buffer)
          : new Uint8Array(bytes.buffer)
        : info.isSigned
          ? new Int16Array(bytes.buffer)
          : new Uint16Array(bytes.buffer);
    if (samples.length !== info.width * info.height) {
      throw new InputError(
        `JPEG 2000 frame decoded to ${samples.length} samples, expected ${info.width}×${info.height}`,
      );
    }
    return { width: info.width, height: info.height, samples };
  } finally {
    decoder.delete();
  }
}
