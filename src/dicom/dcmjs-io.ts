import dcmjs from 'dcmjs';
import { InputError, NumericalError } from '../core/errors.js';
import type { NaturalDataset } from './dataset.js';
import { formatDecimalString, formatIntegerString } from './ds-format.js';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from './transfer-syntax.js';

/**
 * The only file that calls dcmjs. Bytes ↔ naturalized datasets (keyword → value), nothing else.
 * dcmjs logs parse remarks to the console ("Invalid vr type ox" for implicit-VR pixel data, "OW value declares
 * N bytes but only M are available" for a truncated file); we silence its validation logger, since every
 * problem that matters is checked by our readers and becomes a PipelineError or a `warnings` entry.
 */
dcmjs.log.setLevel('error');
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

const { DicomDict, DicomMessage, DicomMetaDictionary, ReadBufferStream } = dcmjs.data;

/** A parsed DICOM object: its File Meta group (empty when the file had none) and its data set. */
export interface DecodedDicom {
  readonly meta: NaturalDataset;
  readonly dataset: NaturalDataset;
  /** Transfer syntax of the data set (from File Meta, or sniffed when the file has no Part-10 header). */
  readonly transferSyntaxUid: string;
  /** False when the file had no 128-byte preamble + "DICM" (a raw data set, e.g. pydicom's rtstruct.dcm). */
  readonly hasPart10Header: boolean;
}

const VR_CODES = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
    ' ',
  ),
);

/** Whether bytes start with "DICM" at offset 128 (a Part-10 file). */
export function hasPart10Marker(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
}

/**
 * For a file without the Part-10 header: the little-endian syntax its first element is encoded in, or undefined
 * when the bytes do not start like a DICOM data set (first tag in groups 0002–0008, plausible length).
 */
export function sniffRawSyntax(bytes: Uint8Array, fileSize = bytes.length): string | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(0, true);
  if (group < 0x0002 || group > 0x0008 || group % 2 !== 0) return undefined;
  const vr = String.fromCharCode(bytes[4] as number, bytes[5] as number);
  if (VR_CODES.has(vr)) return EXPLICIT_VR_LE;
  const length = view.getUint32(4, true);
  return length <= fileSize - 8 ? IMPLICIT_VR_LE : undefined;
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** Parses Part-10 or raw little-endian DICOM bytes. Throws InputError for anything dcmjs cannot read. */
export function decodeDicomBytes(bytes: Uint8Array): DecodedDicom {
  try {
    if (hasPart10Marker(bytes)) return decodePart10(toArrayBuffer(bytes), true);
    const syntax = sniffRawSyntax(bytes);
    if (syntax === undefined) {
      throw new InputError('not a DICOM file (no "DICM" marker at byte 128 and no recognisable data set)');
    }
    if (new DataView(bytes.buffer, bytes.byteOffset).getUint16(0, true) === 0x0002) {
      // File Meta without the preamble: give dcmjs the 128-byte preamble + "DICM" it expects.
      const framed = new Uint8Array(132 + bytes.length);
      framed.set([0x44, 0x49, 0x43, 0x4d], 128);
      framed.set(bytes, 132);
      return decodePart10(framed.buffer, false);
    }
    const dict = DicomMessage._read(new ReadBufferStream(toArrayBuffer(bytes), true), syntax, {
      ignoreErrors: false,
    });
    const dataset = DicomMetaDictionary.naturalizeDataset(dict);
    return { meta: {}, dataset, transferSyntaxUid: syntax, hasPart10Header: false };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`truncated or corrupt DICOM (${(error as Error).message})`);
  }
}

function decodePart10(buffer: ArrayBuffer, hasPart10Header: boolean): DecodedDicom {
  const dicomDict = DicomMessage.readFile(buffer, { ignoreErrors: false });
  const meta = DicomMetaDictionary.naturalizeDataset(dicomDict.meta);
  const dataset = DicomMetaDictionary.naturalizeDataset(dicomDict.dict);
  const ts = meta['TransferSyntaxUID'];
  if (typeof ts !== 'string' || ts === '') throw new InputError('File Meta has no TransferSyntaxUID');
  return { meta, dataset, transferSyntaxUid: ts.trim(), hasPart10Header };
}

/**
 * Encodes a File Meta group and a data set as Part-10 bytes (Explicit VR Little Endian).
 * DS and IS values given as numbers are spelled by ds-format.ts first: dcmjs would turn them into
 * `String(value)` and cut that to 16 characters, exponent and all (1.3970000000000001e-8 → "1.39700000000000").
 * A DS/IS string longer than the VR allows is refused rather than truncated.
 */
export function encodeDicomPart10(meta: NaturalDataset, dataset: NaturalDataset): Uint8Array {
  const metaDict = DicomMetaDictionary.denaturalizeDataset({ ...meta, TransferSyntaxUID: EXPLICIT_VR_LE });
  const out = new DicomDict(metaDict);
  out.dict = DicomMetaDictionary.denaturalizeDataset(spellNumberStrings(dataset, ''));
  return new Uint8Array(out.write());
}

const MAX_NUMBER_STRING: Readonly<Record<string, number>> = { DS: 16, IS: 12 };

/** A copy of `dataset` whose DS/IS numbers are pre-spelled strings (recursing into sequences). */
function spellNumberStrings(dataset: NaturalDataset, path: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(dataset)) {
    const vr = DicomMetaDictionary.nameMap[keyword]?.vr;
    if (vr === 'SQ' && Array.isArray(value)) {
      copy[keyword] = value.map((item, n) =>
        spellNumberStrings(item as NaturalDataset, `${path}${keyword}[${n}].`),
      );
      continue;
    }
    const max = vr === undefined ? undefined : MAX_NUMBER_STRING[vr];
    copy[keyword] =
      max === undefined ? value : spellValue(value, vr as 'DS' | 'IS', max, `${path}${keyword}`);
  }
  return copy;
}

function spellValue(value: unknown, vr: 'DS' | 'IS', max: number, where: string): unknown {
  const one = (v: unknown): unknown => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? (vr === 'DS' ? formatDecimalString(v) : formatIntegerString(v)) : v;
    if (typeof s === 'string' && s.length > max) {
      throw new NumericalError(`${vr} value '${s}' of ${where} is longer than ${max} characters`);
    }
    return s;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}
