import { createHash } from 'node:crypto';

/**
 * equidose's DICOM UIDs. We hold no registered UID root, so every UID we create is a UUID-derived UID under the
 * root "2.25" (ISO/IEC 9834-8 / ITU-T X.667, DICOM PS3.5 §B.2): "2.25." followed by the decimal value of a
 * 128-bit UUID. The UUID is a version-8 (RFC 9562 custom) UUID whose 122 free bits are the first bits of
 * SHA-256("equidose-uid\0" + parts joined by "\0"), so:
 *  - the same inputs always give the same UID (re-running a conversion reproduces its output byte for byte);
 *  - different inputs give different UIDs with collision odds of ~2^-61 at a billion UIDs;
 *  - no personal or host data goes into a UID (it is a hash).
 * Callers pass what identifies the object: its role ("rtdose", "sct-series"), the source UIDs and a hash of the
 * content. Length ≤ 44 characters (the limit is 64).
 */
export const EQUIDOSE_UID_ROOT = '2.25';

/** The UID derived from `parts` (see the module comment for the derivation). */
export function deriveUid(...parts: readonly string[]): string {
  const digest = createHash('sha256')
    .update(['equidose-uid', ...parts].join('\u0000'))
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80; // version 8
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 9562 variant (10xx)
  return `${EQUIDOSE_UID_ROOT}.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}

/** SHA-256 hex of bytes (content hashes that feed deriveUid). */
export const contentHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Our Implementation Class UID (File Meta 0002,0012) and version name (≤ 16 characters). */
export const IMPLEMENTATION_CLASS_UID = deriveUid('implementation-class', 'equidose');
export const IMPLEMENTATION_VERSION_NAME = 'EQUIDOSE_0_1';
