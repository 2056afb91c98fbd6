/**
 * The validation report: the plain-JSON result of `equidose validate`, written as `report.json` and rendered
 * into `report.html`. Schema: docs/report-schema.md and docs/report.schema.json (kept in step with these types;
 * a test validates generated reports against the schema).
 *
 * Conventions: doses in Gy; differences are sCT − CT; "% of prescription" = 100 · Δ / prescriptionGy.
 */

/** Identifies the report format. Bump `version` on any incompatible change. */
export const REPORT_FORMAT = 'equidose-validation-report';
export const REPORT_VERSION = 1;

/** DVH dose metrics reported for every ROI (ICRU 83 definitions; D2 % stands in for Dmax). */
export const DVH_METRIC_IDS = ['D98', 'D95', 'D50', 'D2', 'Dmean'] as const;
export type DvhMetricId = (typeof DVH_METRIC_IDS)[number];

/** One gamma criterion, as run. */
export interface GammaCriterionSpec {
  readonly doseDiffPercent: number;
  readonly distanceMm: number;
  /** Voxels whose reference (CT) dose is below this % of the normalisation dose are not evaluated. */
  readonly lowerDoseCutoffPercent: number;
  readonly normalisation: 'global' | 'local';
}

/** Gamma pass rate inside one ROI (voxels of the ROI that pass the cutoff). */
export interface RoiPassRate {
  readonly name: string;
  /** NaN is never written: ROIs with no evaluated voxel get passRatePercent null. */
  readonly passRatePercent: number | null;
  readonly evaluatedVoxels: number;
}

export interface GammaResultEntry {
  /** Human label, e.g. "3%/2mm G10". */
  readonly label: string;
  readonly criteria: GammaCriterionSpec;
  /** The dose ΔD is a % of (global normalisation): the CT dose maximum, Gy. */
  readonly normalisationDoseGy: number;
  readonly passRatePercent: number;
  readonly evaluatedVoxels: number;
  readonly meanGamma: number;
  /** 95th percentile of gamma over evaluated voxels. */
  readonly gammaP95: number;
  readonly perRoi: readonly RoiPassRate[];
  /** Histogram of gamma over evaluated voxels: `counts[n]` voxels with binEdges[n] ≤ γ < binEdges[n+1] (last bin open). */
  readonly histogram: { readonly binEdges: readonly number[]; readonly counts: readonly number[] };
}

/** DVH dose metrics of one ROI on one dose, Gy. */
export type DvhMetricsGy = Readonly<Record<`${DvhMetricId}Gy`, number>>;
/** DVH metric differences sCT − CT as % of prescription. */
export type DvhDeltaPercent = Readonly<Record<`${DvhMetricId}Percent`, number>>;

export interface DvhEntry {
  readonly name: string;
  /** RT ROI Interpreted Type (PTV, ORGAN, EXTERNAL, …). */
  readonly roiType: string;
  readonly isTarget: boolean;
  readonly volumeCm3: number;
  readonly ct: DvhMetricsGy;
  readonly sct: DvhMetricsGy;
  /** (sCT − CT) / prescription × 100. */
  readonly delta: DvhDeltaPercent;
  /** sCT − CT in Gy. */
  readonly deltaGy: DvhMetricsGy;
}

/** A cumulative DVH curve: volumePercent[n] of the ROI receives ≥ doseGy[n]. */
export interface DvhCurve {
  readonly doseGy: readonly number[];
  readonly volumePercent: readonly number[];
}

export interface DvhCurvePair {
  readonly name: string;
  readonly colorRgb?: readonly [number, number, number];
  readonly ct: DvhCurve;
  readonly sct: DvhCurve;
}

export interface DoseDifferenceSummary {
  /** SynthRAD dose-MAE: mean |sCT − CT| over voxels with CT dose ≥ 90 % of prescription, / prescription × 100. */
  readonly doseMaePercent: number | null;
  /** Voxels in that high-dose region (0: doseMaePercent is null). */
  readonly highDoseVoxels: number;
  /** Mean of sCT − CT over voxels with CT dose ≥ the gamma cutoff (10 % of max), % of prescription. */
  readonly meanDifferencePercent: number | null;
  /** Largest |sCT − CT| anywhere on the dose grid, % of prescription. */
  readonly maxAbsDifferencePercent: number;
}

/** SynthRAD2023 image metrics over the body mask (CT grid). */
export interface ImageMetrics {
  readonly maeHu: number;
  /** Mean error sCT − CT, HU (sign: positive = sCT denser). */
  readonly meHu: number;
  /** null when the images are identical in the mask (PSNR is infinite). */
  readonly psnrDb: number | null;
  readonly ssim: number;
  readonly maskVoxels: number;
}

export type VerdictSeverity = 'pass' | 'info' | 'tolerance' | 'action';

/** One check behind the verdict. */
export interface VerdictReason {
  /** Stable id, e.g. "gamma:3%/2mm G10", "dvh:PTV:D98". */
  readonly check: string;
  /** pass: within tolerance; info: reported only; tolerance: outside tolerance (investigate); action: beyond the action limit. */
  readonly severity: VerdictSeverity;
  readonly message: string;
  readonly value: number | null;
  readonly limit: number | null;
}

export interface Verdict {
  /** True when every gating check is within tolerance. */
  readonly pass: boolean;
  /** The worst severity among the gating checks. */
  readonly level: 'pass' | 'tolerance' | 'action';
  readonly summary: string;
  readonly reasons: readonly VerdictReason[];
}

/** The criteria the verdict was judged against (see src/pipeline/criteria.ts for defaults and sources). */
export interface VerdictCriteria {
  readonly gamma: readonly GammaCriterionSpec[];
  /** Index into `gamma` of the criterion that gates the verdict (TG-218: 3 %/2 mm global, 10 % cutoff). */
  readonly gatingGammaIndex: number;
  readonly gammaTolerancePassPercent: number;
  readonly gammaActionPassPercent: number;
  readonly targetMetrics: readonly DvhMetricId[];
  /** |Δ| of each target metric, % of prescription, within which the target passes. */
  readonly targetTolerancePercent: number;
  /** Beyond this |Δ| (% of prescription) a target metric is an action-level failure. */
  readonly targetActionPercent: number;
  readonly oarMetrics: readonly DvhMetricId[];
  /** When set, OAR metrics beyond it raise a 'tolerance' reason; null: reported only. */
  readonly oarTolerancePercent: number | null;
}

export interface Provenance {
  readonly tool: { readonly name: string; readonly version: string; readonly gitSha: string | null };
  readonly createdUtc: string;
  readonly node: string;
  readonly platform: string;
  readonly hlut: { readonly id: string; readonly source: string; readonly sha256: string | null };
  /** Present when the sCT was generated from MR by a model. */
  readonly model: { readonly id: string; readonly sha256: string } | null;
  /** Compute backend used by the dose engine and gamma (e.g. "cpu", "gpu.js:webasm"). */
  readonly backend: string;
  readonly doseEngine: string;
  readonly doseGrid: {
    readonly size: readonly [number, number, number];
    readonly spacingMm: readonly [number, number, number];
  };
  /** Wall-clock time per stage, ms. */
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly criteria: VerdictCriteria;
  readonly prescriptionGy: number;
  readonly prescriptionSource: 'cli' | 'plan';
  /** Input file names (paths as given, or basenames when anonymised). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly anonymized: boolean;
  readonly assumeRegistered: boolean;
  /** Non-fatal issues from any stage (lenient reads, ignored contours, resampling notes). */
  readonly warnings: readonly string[];
}

export interface ValidationReport {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  /** Omitted entirely with --anonymize. */
  readonly patient?: { readonly name: string; readonly id: string };
  readonly prescriptionGy: number;
  readonly gamma: readonly GammaResultEntry[];
  readonly dvh: readonly DvhEntry[];
  readonly dvhCurves: readonly DvhCurvePair[];
  readonly doseDifference: DoseDifferenceSummary;
  readonly imageMetrics: ImageMetrics;
  readonly verdict: Verdict;
  readonly provenance: Provenance;
}
