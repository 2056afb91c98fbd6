import type { Vec3 } from '../core/vec3.js';
import type { Volume } from '../core/volume.js';
import { extractOrthogonalSlices, type OrthogonalSlices, type SliceSamplingOptions } from './slices.js';

/**
 * The volumes the report's slice views show, sampled for display. CT, sCT and their difference are on the CT
 * grid; the doses, their difference and the gamma map share the dose grid (so the isodose lines of the CT dose
 * overlay them plane for plane).
 */
export interface ReportVolumes {
  readonly ct: Volume<'HU'>;
  readonly sct: Volume<'HU'>;
  /** sCT − CT, HU. */
  readonly huDifference: Volume<'HU'>;
  readonly doseCt: Volume<'Gy'>;
  readonly doseSct: Volume<'Gy'>;
  /** sCT dose − CT dose, Gy. */
  readonly doseDifference: Volume<'Gy'>;
  /** Gamma of the gating criterion; NaN where not evaluated. */
  readonly gamma: Volume<'gamma'>;
  readonly gammaLabel: string;
  /** LPS point (mm) shown first, e.g. the isocentre. */
  readonly focusLpsMm?: Vec3;
}

export interface ReportImages {
  readonly ct: OrthogonalSlices;
  readonly sct: OrthogonalSlices;
  readonly huDifference: OrthogonalSlices;
  readonly doseCt: OrthogonalSlices;
  readonly doseSct: OrthogonalSlices;
  readonly doseDifference: OrthogonalSlices;
  readonly gamma: OrthogonalSlices;
  readonly gammaLabel: string;
}

/** Display sampling: ≤ 64 px per side and ≤ 15 planes per axis keep the seven views around 1 MB compressed. */
export const REPORT_SLICE_MAX_PX = 64;
export const REPORT_SLICE_MAX_PLANES = 15;

/** Samples every view of the report (see SliceSamplingOptions for the decimation). */
export function sampleReportImages(volumes: ReportVolumes): ReportImages {
  const base = {
    maxInPlanePx: REPORT_SLICE_MAX_PX,
    maxPositions: REPORT_SLICE_MAX_PLANES,
    ...(volumes.focusLpsMm ? { focusLpsMm: volumes.focusLpsMm } : {}),
  };
  const hu: SliceSamplingOptions = { ...base, decimals: 0, reduce: 'mean' };
  const gy: SliceSamplingOptions = { ...base, decimals: 3, reduce: 'mean' };
  return {
    ct: extractOrthogonalSlices(volumes.ct, hu),
    sct: extractOrthogonalSlices(volumes.sct, hu),
    huDifference: extractOrthogonalSlices(volumes.huDifference, hu),
    doseCt: extractOrthogonalSlices(volumes.doseCt, gy),
    doseSct: extractOrthogonalSlices(volumes.doseSct, gy),
    doseDifference: extractOrthogonalSlices(volumes.doseDifference, gy),
    gamma: extractOrthogonalSlices(volumes.gamma, { ...base, decimals: 2, reduce: 'max' }),
    gammaLabel: volumes.gammaLabel,
  };
}
