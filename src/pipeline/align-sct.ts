import { GeometryError } from '../core/errors.js';
import { gridMismatch, type Grid3 } from '../core/grid.js';
import { assertFinite } from '../core/invariant.js';
import { resampleVolume } from '../core/resample.js';
import type { Volume } from '../core/volume.js';

/**
 * Brings the sCT onto the CT grid. Both must be in the same frame of reference (same patient coordinates):
 * a different FrameOfReferenceUID is refused unless the user states the images are registered
 * (--assume-registered), in which case the sCT's frame is taken as the CT's. Resampling, when the grids differ,
 * is one explicit trilinear call (outside the sCT: air, −1000 HU).
 */

/** HU given to CT-grid voxels outside the sCT's extent. */
export const SCT_FILL_HU = -1000;

export interface AlignedSct {
  readonly sct: Volume<'HU'>;
  readonly resampled: boolean;
  readonly warnings: readonly string[];
}

export function alignSctToCt(sct: Volume<'HU'>, ctGrid: Grid3, assumeRegistered: boolean): AlignedSct {
  const warnings: string[] = [];
  const a = ctGrid.frameOfReferenceUid;
  const b = sct.grid.frameOfReferenceUid;
  let source = sct;
  if (a !== '' && b !== '' && a !== b) {
    if (!assumeRegistered)
      throw new GeometryError(
        `the sCT is in another frame of reference than the CT (${b} vs ${a}): register it to the CT first, or pass --assume-registered if its patient coordinates already match`,
        { ct: a, sct: b },
      );
    warnings.push(`sCT frame of reference ${b} taken as the CT's ${a} (--assume-registered)`);
    source = { ...sct, grid: { ...sct.grid, frameOfReferenceUid: a } };
  } else if (a === '' || b === '') {
    warnings.push(
      'CT or sCT has no frame of reference recorded (research format): their patient coordinates are assumed to match',
    );
  }
  const mismatch = gridMismatch(source.grid, ctGrid);
  if (mismatch === undefined) return { sct: { ...source, grid: ctGrid }, resampled: false, warnings };
  warnings.push(`sCT resampled (trilinear) onto the CT grid: ${mismatch}`);
  // NaN marks CT voxels outside the sCT (the sCT itself is checked finite), so they can be counted, then air.
  assertFinite(source.data, 'sCT');
  const resampled = resampleVolume(
    source,
    { ...ctGrid, frameOfReferenceUid: source.grid.frameOfReferenceUid },
    { interpolation: 'trilinear', fillValue: NaN },
  );
  let outside = 0;
  const data = resampled.data;
  for (let n = 0; n < data.length; n++)
    if (Number.isNaN(data[n])) {
      data[n] = SCT_FILL_HU;
      outside++;
    }
  if (outside > 0)
    warnings.push(
      `${outside} CT voxel(s) (${((100 * outside) / data.length).toFixed(1)} %) lie outside the sCT and were set to ${SCT_FILL_HU} HU: check the sCT covers the beams`,
    );
  return { sct: { ...resampled, grid: ctGrid }, resampled: true, warnings };
}

/** Structures and plan must be in the CT's frame too (when both name one). */
export function checkFrame(what: string, uid: string, ctGrid: Grid3, assumeRegistered: boolean): string[] {
  const ct = ctGrid.frameOfReferenceUid;
  if (uid === '' || ct === '' || uid === ct) return [];
  if (assumeRegistered)
    return [`${what} frame of reference ${uid} taken as the CT's ${ct} (--assume-registered)`];
  throw new GeometryError(`the ${what} is in another frame of reference than the CT (${uid} vs ${ct})`, {
    [what]: uid,
    ct,
  });
}
