import type { GammaCriteria } from './gamma/gamma-options.js';
import type { GammaBackendId } from './gamma/gamma-result.js';

/**
 * Plain-JSON result of comparing an evaluated dose (e.g. on the sCT) with a reference dose (on the CT): what
 * `compareDoses` returns and the pipeline writes into report.json. Every number is finite or `null`
 * (JSON has no NaN: null = "not defined here", e.g. a pass rate with no evaluated voxel). Doses in Gy,
 * volumes in cm³, "Percent" of the prescription dose unless the name says otherwise.
 */
export interface ComparisonReport {
  readonly format: 'equidose-dose-comparison';
  readonly version: 1;
  readonly prescriptionGy: number;
  /** One entry per gamma criterion, in the order asked. */
  readonly gamma: readonly GammaSummary[];
  /** One entry per ROI, in the order given. */
  readonly dvh: readonly RoiDvhComparison[];
  readonly doseDifference: DoseDifferenceJson;
  /** Non-fatal notes (ROIs outside the grid, empty ROIs …). */
  readonly warnings: readonly string[];
}

/** One gamma evaluation (map on the reference grid; not included here). */
export interface GammaSummary {
  readonly criteria: GammaCriteria;
  /** % of evaluated voxels with γ ≤ 1. */
  readonly passRatePercent: number | null;
  readonly evaluatedVoxels: number;
  readonly meanGamma: number | null;
  readonly gamma95thPercentile: number | null;
  /** Voxels per γ bin [b·binWidth, (b+1)·binWidth), last bin closed at maxGamma. */
  readonly histogram: { readonly binWidth: number; readonly counts: readonly number[] };
  readonly backend: GammaBackendId;
  readonly timings: { readonly setupMs: number; readonly searchMs: number; readonly statisticsMs: number };
}

/** A DVH metric on both doses. */
export interface DvhMetricComparison {
  /** Label such as D95%, D0.03cc, V95%Rx (V: volume %), Dmean. */
  readonly label: string;
  /** 'Gy' for dose metrics, 'percent' for volume metrics (% of the ROI volume). */
  readonly unit: 'Gy' | 'percent';
  readonly reference: number | null;
  readonly evaluated: number | null;
  /** evaluated − reference, in `unit`. */
  readonly difference: number | null;
  /** For dose metrics: difference as % of the prescription. */
  readonly differencePercentOfPrescription: number | null;
}

/** DVH comparison of one ROI. */
export interface RoiDvhComparison {
  readonly name: string;
  /** RT ROI Interpreted Type when known ('PTV', 'ORGAN' …). */
  readonly type: string;
  readonly volumeCc: number;
  readonly metrics: readonly DvhMetricComparison[];
  /** Targets only: ICRU 83 HI and Paddick CI on both doses. */
  readonly target?: {
    readonly homogeneityIndex: { readonly reference: number | null; readonly evaluated: number | null };
    readonly paddickConformityIndex: { readonly reference: number | null; readonly evaluated: number | null };
  };
  /** Occupancy-weighted mean and largest |Δ| of evaluated − reference inside the ROI. */
  readonly meanDifferenceGy: number | null;
  readonly meanDifferencePercent: number | null;
  readonly maxAbsDifferenceGy: number | null;
  readonly maxAbsDifferencePercent: number | null;
}

/** Whole-grid dose-difference statistics (see DoseDifferenceStatistics), JSON-safe. */
export interface DoseDifferenceJson {
  readonly doseMaePercent: number | null;
  readonly doseMaeGy: number | null;
  readonly highDoseVoxelCount: number;
  readonly meanDifferenceGy: number | null;
  readonly meanDifferencePercent: number | null;
  readonly maxAbsDifferenceGy: number;
  readonly maxAbsDifferencePercent: number;
}

/** NaN/±Infinity → null, so JSON.stringify never writes a silently wrong 0. */
export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
