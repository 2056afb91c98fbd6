import { UnsupportedError } from '../core/errors.js';

/** Transfer syntaxes equidose reads; everything else is refused by name. */
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LE = '1.2.840.10008.1.2.1.99';
export const JPEG2000_LOSSLESS = '1.2.840.10008.1.2.4.90';
export const JPEG2000 = '1.2.840.10008.1.2.4.91';

/** Names of the transfer syntaxes a user is likely to meet, for error messages. */
const NAMES: Readonly<Record<string, string>> = {
  [IMPLICIT_VR_LE]: 'Implicit VR Little Endian',
  [EXPLICIT_VR_LE]: 'Explicit VR Little Endian',
  [DEFLATED_EXPLICIT_VR_LE]: 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian (retired)',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70':
    'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless)',
  [JPEG2000_LOSSLESS]: 'JPEG 2000 Image Compression (Lossless Only)',
  [JPEG2000]: 'JPEG 2000 Image Compression',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** How the pixel data of a syntax is stored. */
export type PixelEncoding = 'native' | 'jpeg2000';

/** Human name of a transfer syntax UID ('unknown transfer syntax' when not listed). */
export const transferSyntaxName = (uid: string): string => NAMES[uid] ?? 'unknown transfer syntax';

/**
 * The pixel encoding of `uid`, or UnsupportedError "unsupported transfer syntax <UID> (<name>)".
 * Deflate is undone by dcmjs while parsing, so its pixels are native.
 */
export function pixelEncodingOf(uid: string): PixelEncoding {
  if (uid === IMPLICIT_VR_LE || uid === EXPLICIT_VR_LE || uid === DEFLATED_EXPLICIT_VR_LE) return 'native';
  if (uid === JPEG2000_LOSSLESS || uid === JPEG2000) return 'jpeg2000';
  throw new UnsupportedError(`unsupported transfer syntax ${uid} (${transferSyntaxName(uid)})`, {
    transferSyntaxUid: uid,
  });
}

/** True for syntaxes whose decoded pixels may differ from the original (lossy). */
export const isLossySyntax = (uid: string): boolean => uid === JPEG2000;
