import type {
  DoseDifferenceSummary,
  DvhCurve,
  DvhMetricId,
  GammaResultEntry,
  ImageMetrics,
} from '../report/validation-report.js';
import type { Volume } from '../core/volume.js';
import type { GammaMap } from './plan-outputs.js';

/** DVH results of one ROI on both doses (Gy), before they are expressed against the prescription. */
export interface RoiDvhResult {
  readonly name: string;
  readonly roiType: string;
  readonly isTarget: boolean;
  readonly volumeCm3: number;
  readonly colorRgb?: readonly [number, number, number];
  readonly ctGy: Readonly<Record<DvhMetricId, number>>;
  readonly sctGy: Readonly<Record<DvhMetricId, number>>;
  readonly ctCurve: DvhCurve;
  readonly sctCurve: DvhCurve;
}

/** Everything the compare stage produced for the report. */
export interface DoseAnalysis {
  readonly gamma: readonly GammaResultEntry[];
  readonly gammaMaps: readonly GammaMap[];
  /** The gamma implementation that ran. */
  readonly gammaBackend: string;
  readonly dvh: readonly RoiDvhResult[];
  readonly doseDifference: DoseDifferenceSummary;
  readonly imageMetrics: ImageMetrics;
  /** sCT − CT on the CT grid, HU (for the report's slice view). */
  readonly huDifference: Volume<'HU'>;
  /** sCT dose − CT dose on the dose grid, Gy (for the report's slice view). */
  readonly doseDifferenceGy: Volume<'Gy'>;
  readonly warnings: readonly string[];
}
