import { InputError } from '../core/errors.js';

/**
 * Controlled synthetic-CT errors, each named and parameterised as on the command line (`NAME=VALUE`):
 * - `hu-offset=HU`        global offset added to every body voxel (HU, finite, |HU| ≤ 1000);
 * - `bone-scale=F`        bone CT numbers multiplied by F (0 < F ≤ 2; F < 1 = under-estimated bone);
 * - `air-pocket=missing`  the largest enclosed gas pocket filled with soft tissue;
 *   `air-pocket=extra`    a gas pocket inserted where the CT has soft tissue (site-defined location);
 * - `body-shift=MM`       the body surface moved along its in-plane normal by MM (> 0 outwards, < 0 inwards; |MM| ≤ 50);
 * - `bulk=water`          every body voxel set to 0 HU; `bulk=water-bone`: bone set to the case's mean bone HU, the
 *                         rest of the body to 0 HU (bulk-density assignment);
 * - `bone-blur=MM`        a Gaussian blur of SD MM (0 < MM ≤ 20) applied within 2·MM of every bone surface.
 */
export type SctError =
  | { readonly kind: 'hu-offset'; readonly offsetHu: number }
  | { readonly kind: 'bone-scale'; readonly factor: number }
  | { readonly kind: 'air-pocket'; readonly mode: 'missing' | 'extra' }
  | { readonly kind: 'body-shift'; readonly shiftMm: number }
  | { readonly kind: 'bulk'; readonly mode: 'water' | 'water-bone' }
  | { readonly kind: 'bone-blur'; readonly sigmaMm: number };

export type SctErrorKind = SctError['kind'];

/** The order errors are applied in, whatever the order they were given: geometry first, global offset last. */
export const SCT_ERROR_ORDER: readonly SctErrorKind[] = [
  'body-shift',
  'air-pocket',
  'bulk',
  'bone-scale',
  'bone-blur',
  'hu-offset',
];

/** Parses one `NAME=VALUE` (throws InputError naming the accepted forms). */
export function parseSctError(text: string): SctError {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? '' : text.slice(eq + 1);
  const num = (lo: number, hi: number, what: string, allowZero = true): number => {
    const v = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(v) || v < lo || v > hi || (!allowZero && v === 0))
      throw new InputError(`sct error ${name}=${value}: ${what}`);
    return v;
  };
  switch (name) {
    case 'hu-offset':
      return { kind: 'hu-offset', offsetHu: num(-1000, 1000, 'needs an offset in HU within ±1000') };
    case 'bone-scale':
      return { kind: 'bone-scale', factor: num(Number.MIN_VALUE, 2, 'needs a factor F with 0 < F ≤ 2') };
    case 'body-shift':
      return { kind: 'body-shift', shiftMm: num(-50, 50, 'needs a non-zero shift in mm within ±50', false) };
    case 'bone-blur':
      return {
        kind: 'bone-blur',
        sigmaMm: num(Number.MIN_VALUE, 20, 'needs a Gaussian SD in mm, 0 < MM ≤ 20'),
      };
    case 'air-pocket':
      if (value === 'missing' || value === 'extra') return { kind: 'air-pocket', mode: value };
      throw new InputError(`sct error air-pocket=${value}: expected air-pocket=missing or air-pocket=extra`);
    case 'bulk':
      if (value === 'water' || value === 'water-bone') return { kind: 'bulk', mode: value };
      throw new InputError(`sct error bulk=${value}: expected bulk=water or bulk=water-bone`);
    default:
      throw new InputError(
        `unknown sct error '${text}' (expected hu-offset=HU, bone-scale=F, air-pocket=missing|extra, body-shift=MM, ` +
          'bulk=water|water-bone, bone-blur=MM)',
      );
  }
}

/** Parses several, refusing the same error twice, and sorts them into SCT_ERROR_ORDER. */
export function parseSctErrors(texts: readonly string[]): SctError[] {
  const errors = texts.map(parseSctError);
  const seen = new Set<SctErrorKind>();
  for (const e of errors) {
    if (seen.has(e.kind)) throw new InputError(`sct error ${e.kind} given twice`);
    seen.add(e.kind);
  }
  return errors.sort((a, b) => SCT_ERROR_ORDER.indexOf(a.kind) - SCT_ERROR_ORDER.indexOf(b.kind));
}

/** `NAME=VALUE` text of an error (for provenance). */
export function formatSctError(e: SctError): string {
  switch (e.kind) {
    case 'hu-offset':
      return `hu-offset=${e.offsetHu}`;
    case 'bone-scale':
      return `bone-scale=${e.factor}`;
    case 'air-pocket':
      return `air-pocket=${e.mode}`;
    case 'body-shift':
      return `body-shift=${e.shiftMm}`;
    case 'bulk':
      return `bulk=${e.mode}`;
    case 'bone-blur':
      return `bone-blur=${e.sigmaMm}`;
  }
}
