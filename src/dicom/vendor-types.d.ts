/**
 * Type declarations for the two untyped packages that src/dicom wraps: dcmjs (DICOM parse/encode) and
 * cornerstone's OpenJPEG WebAssembly decoder. Only the members equidose calls are declared; everything a
 * dataset holds is `unknown` until src/dicom/dataset.ts checks it.
 */

declare module 'dcmjs' {
  /** dcmjs "dict" form: tag hex string → { vr, Value }. */
  export type DcmjsDenaturalized = Record<string, { vr: string; Value: unknown[] }>;

  export interface DcmjsReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  export class ReadBufferStream {
    constructor(buffer: ArrayBuffer, littleEndian?: boolean | null, options?: { noCopy?: boolean });
    offset: number;
    end(): boolean;
  }

  export class DicomDict {
    constructor(meta: DcmjsDenaturalized);
    meta: DcmjsDenaturalized;
    dict: DcmjsDenaturalized;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }

  export const DicomMessage: {
    readFile(buffer: ArrayBuffer, options?: DcmjsReadOptions): DicomDict;
    _read(stream: ReadBufferStream, syntax: string, options?: DcmjsReadOptions): DcmjsDenaturalized;
  };

  export const DicomMetaDictionary: {
    naturalizeDataset(dict: DcmjsDenaturalized): Record<string, unknown>;
    denaturalizeDataset(dataset: Record<string, unknown>): DcmjsDenaturalized;
    /** Keyword → dictionary entry (VR, tag). */
    nameMap: Record<string, { tag: string; vr: string; vm: string } | undefined>;
  };

  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: typeof DicomMessage;
      DicomMetaDictionary: typeof DicomMetaDictionary;
      ReadBufferStream: typeof ReadBufferStream;
    };
    log: {
      setLevel(level: string): void;
      getLogger(name: string): { setLevel(level: string): void };
    };
  };
  export default dcmjs;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  export interface J2kFrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  }
  export interface J2kDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): J2kFrameInfo;
    getDecodedBuffer(): Uint8Array;
    delete(): void;
  }
  export interface OpenJpegModule {
    J2KDecoder: new () => J2kDecoder;
  }
  export interface OpenJpegModuleOptions {
    print?: (s: string) => void;
    printErr?: (s: string) => void;
    /** Emscripten hook: instantiate the wasm module yourself and call `done` (may be synchronous). */
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      done: (instance: WebAssembly.Instance) => void,
    ) => WebAssembly.Exports;
  }
  /** Emscripten factory: fills `options` in place with the module's exports and resolves to it. */
  const factory: (options?: OpenJpegModuleOptions) => Promise<OpenJpegModule>;
  export default factory;
}
