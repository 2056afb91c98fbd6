import { UsageError } from '../core/errors.js';
import type { Quantity, VoxelArray } from '../core/volume.js';

/**
 * Research volume formats carry no quantity. equidose stores its own as the text `equidose quantity=<Q>`
 * (NIfTI `descrip`, NRRD `content`, MetaImage `EquidoseQuantity`), so a round trip keeps it, and infers one
 * conservatively for foreign files (see {@link inferQuantity}).
 */
export const QUANTITIES = [
  'MR',
  'HU',
  'RED',
  'Gy',
  'gamma',
  'mask',
  'label',
] as const satisfies readonly Quantity[];

// Compile-time check that QUANTITIES lists every Quantity.
type Missing = Exclude<Quantity, (typeof QUANTITIES)[number]>;
const everyQuantityListed: Missing extends never ? true : never = true;
void everyQuantityListed;

/** Whether `text` names a Quantity. */
export const isQuantity = (text: string): text is Quantity =>
  (QUANTITIES as readonly string[]).includes(text);

/** Parses a quantity name given by a user (CLI flag, config); UsageError listing the valid names otherwise. */
export function parseQuantity(text: string): Quantity {
  if (isQuantity(text)) return text;
  throw new UsageError(`unknown quantity '${text}' (expected one of ${QUANTITIES.join(', ')})`);
}

const TAG_PREFIX = 'equidose quantity=';

/** The text stored in a file header for `quantity`. */
export const formatQuantityTag = (quantity: Quantity): string => `${TAG_PREFIX}${quantity}`;

/** The quantity of an equidose tag found anywhere in `text`, or undefined for foreign headers. */
export function parseQuantityTag(text: string | undefined): Quantity | undefined {
  const match = /equidose quantity=([A-Za-z]+)/.exec(text ?? '');
  const name = match?.[1];
  return name !== undefined && isQuantity(name) ? name : undefined;
}

/** Most distinct values a volume may hold and still be taken for a label map (TotalSegmentator has 117 classes). */
const MAX_LABELS = 128;
/** Largest label value accepted by the inference. */
const MAX_LABEL_VALUE = 1000;
/** CT air is about −1000 HU and bone/soft tissue above +100 HU; MR intensities are never below −900. */
const HU_AIR_BELOW = -900;
const HU_TISSUE_ABOVE = 100;

/**
 * Guesses the quantity of an untagged volume, conservatively (pass `{ quantity }` to readVolume to override):
 * 1. integer voxels, all in [0, 1000], at most 128 distinct values → 'label' (a segmentation);
 * 2. min ≤ −900 and max ≥ 100 → 'HU' (a CT: air and tissue both present);
 * 3. otherwise → 'MR' (an intensity image with no absolute scale).
 * Dose, RED and masks are never inferred: without a tag they need the override.
 */
export function inferQuantity(data: VoxelArray, integerVoxels: boolean, min: number, max: number): Quantity {
  if (
    integerVoxels &&
    min >= 0 &&
    max <= MAX_LABEL_VALUE &&
    countDistinctUpTo(data, MAX_LABELS + 1) <= MAX_LABELS
  )
    return 'label';
  if (min <= HU_AIR_BELOW && max >= HU_TISSUE_ABOVE) return 'HU';
  return 'MR';
}

/** Number of distinct values, counting stops at `limit` (so large images cost one early-exiting pass). */
function countDistinctUpTo(data: VoxelArray, limit: number): number {
  const seen = new Set<number>();
  for (let n = 0; n < data.length; n++) {
    seen.add(data[n] as number);
    if (seen.size >= limit) break;
  }
  return seen.size;
}
