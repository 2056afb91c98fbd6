import { InputError } from '../core/errors.js';
import { isTargetType, type RoiType } from '../core/structures.js';
import type { Volume } from '../core/volume.js';
import {
  type ComparisonReport,
  type DvhMetricComparison,
  finiteOrNull,
  type GammaSummary,
  type RoiDvhComparison,
} from './comparison-report.js';
import { doseDifferenceMap, doseDifferenceStatistics, roiDoseDifference } from './dose-difference.js';
import { paddickConformity } from './dvh/conformity.js';
import { computeDvh, type Dvh } from './dvh/dvh.js';
import { type DvhMetric, evaluateDvhMetric, formatDvhMetric, homogeneityIndex } from './dvh/dvh-metrics.js';
import type { StructureOccupancy } from './dvh/occupancy.js';
import { computeGamma, type GammaBackendRequest } from './gamma/compute-gamma.js';
import type { GammaOptions } from './gamma/gamma-options.js';
import type { GammaResult } from './gamma/gamma-result.js';

/** An ROI for the comparison: its occupancy on the dose grid and its RT ROI type (targets get HI and CI). */
export interface ComparisonRoi {
  readonly occupancy: StructureOccupancy;
  readonly type: RoiType;
}

export interface CompareDosesOptions {
  readonly prescriptionGy: number;
  /** Gamma criteria to evaluate (default: 3%/2mm and 2%/2mm global, 10 % cutoff). */
  readonly gamma?: readonly GammaOptions[];
  readonly gammaBackend?: GammaBackendRequest;
  /** DVH metrics per ROI (default: D98, D95, D50, D2, Dmean, D0.03cc, and V95% of Rx as a volume %). */
  readonly dvhMetrics?: readonly DvhMetric[];
  readonly dvhBinCount?: number;
}

/** What compareDoses returns: the JSON report plus the volumes it is about (kept out of JSON). */
export interface DoseComparison {
  readonly report: ComparisonReport;
  readonly gamma: readonly GammaResult[];
  /** evaluated − reference, Gy, on the common grid. */
  readonly differenceMap: Volume<'Gy', Float32Array>;
  readonly dvh: readonly { readonly reference: Dvh; readonly evaluated: Dvh }[];
}

export const DEFAULT_COMPARISON_GAMMA: readonly GammaOptions[] = [
  { doseDiffPercent: 3, distanceMm: 2 },
  { doseDiffPercent: 2, distanceMm: 2 },
];

const defaultMetrics = (rxGy: number): DvhMetric[] => [
  { kind: 'D', volumePercent: 98 },
  { kind: 'D', volumePercent: 95 },
  { kind: 'D', volumePercent: 50 },
  { kind: 'D', volumePercent: 2 },
  { kind: 'Dmean' },
  { kind: 'Dcc', volumeCc: 0.03 },
  { kind: 'V', doseGy: 0.95 * rxGy },
];

/**
 * Stage entry: compares `evaluated` with `reference` dose (same grid: the CT and sCT doses of one plan on one
 * dose grid; resample explicitly beforehand otherwise) — gamma per criterion, DVH metrics per ROI with HI and
 * Paddick CI for targets, whole-grid and per-ROI dose differences. Pure: values in, values out.
 */
export async function compareDoses(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  rois: readonly ComparisonRoi[],
  options: CompareDosesOptions,
): Promise<DoseComparison> {
  const rx = options.prescriptionGy;
  if (!(rx > 0) || !Number.isFinite(rx))
    throw new InputError(`prescription dose must be a positive number of Gy, got ${rx}`);
  const differenceMap = doseDifferenceMap(reference, evaluated); // also checks the grids match
  const stats = doseDifferenceStatistics(reference, evaluated, { prescriptionGy: rx });
  const gamma: GammaResult[] = [];
  for (const criterion of options.gamma ?? DEFAULT_COMPARISON_GAMMA)
    gamma.push(await computeGamma(reference, evaluated, criterion, options.gammaBackend ?? 'auto'));
  const metrics = options.dvhMetrics ?? defaultMetrics(rx);
  const warnings = rois.flatMap((r) => r.occupancy.warnings);
  const dvh = rois.map((r) => ({
    reference: computeDvh(reference, r.occupancy, options.dvhBinCount),
    evaluated: computeDvh(evaluated, r.occupancy, options.dvhBinCount),
  }));
  const dvhEntries = rois.map((roi, n): RoiDvhComparison => {
    const pair = dvh[n] as { reference: Dvh; evaluated: Dvh };
    if (pair.reference.volumeCc === 0) warnings.push(`${roi.occupancy.name}: empty on the dose grid`);
    const diff = roiDoseDifference(differenceMap, roi.occupancy, rx);
    return {
      name: roi.occupancy.name,
      type: roi.type,
      volumeCc: pair.reference.volumeCc,
      metrics: metrics.map((m) => compareMetric(pair, m, rx)),
      ...(isTargetType(roi.type)
        ? { target: targetIndices(reference, evaluated, roi.occupancy, pair, rx) }
        : {}),
      meanDifferenceGy: finiteOrNull(diff.meanDifferenceGy),
      meanDifferencePercent: finiteOrNull(diff.meanDifferencePercent),
      maxAbsDifferenceGy: finiteOrNull(diff.maxAbsDifferenceGy),
      maxAbsDifferencePercent: finiteOrNull(diff.maxAbsDifferencePercent),
    };
  });
  const report: ComparisonReport = {
    format: 'equidose-dose-comparison',
    version: 1,
    prescriptionGy: rx,
    gamma: gamma.map(gammaSummary),
    dvh: dvhEntries,
    doseDifference: {
      doseMaePercent: finiteOrNull(stats.doseMaePercent),
      doseMaeGy: finiteOrNull(stats.doseMaeGy),
      highDoseVoxelCount: stats.highDoseVoxelCount,
      meanDifferenceGy: finiteOrNull(stats.meanDifferenceGy),
      meanDifferencePercent: finiteOrNull(stats.meanDifferencePercent),
      maxAbsDifferenceGy: stats.maxAbsDifferenceGy,
      maxAbsDifferencePercent: stats.maxAbsDifferencePercent,
    },
    warnings,
  };
  return { report, gamma, differenceMap, dvh };
}

/** JSON summary of one gamma result (the map stays out). */
export function gammaSummary(g: GammaResult): GammaSummary {
  return {
    criteria: g.criteria,
    passRatePercent: finiteOrNull(g.passRatePercent),
    evaluatedVoxels: g.evaluatedVoxelCount,
    meanGamma: finiteOrNull(g.meanGamma),
    gamma95thPercentile: finiteOrNull(g.gamma95thPercentile),
    histogram: g.histogram,
    backend: g.backend,
    timings: g.timings,
  };
}

function compareMetric(
  pair: { reference: Dvh; evaluated: Dvh },
  metric: DvhMetric,
  rxGy: number,
): DvhMetricComparison {
  const a = evaluateDvhMetric(pair.reference, metric);
  const b = evaluateDvhMetric(pair.evaluated, metric);
  const value = (v: typeof a): number => (v.kind === 'dose' ? v.gy : v.percent);
  const ref = value(a);
  const ev = value(b);
  const isDose = a.kind === 'dose';
  const label =
    metric.kind === 'V' ? `V${+((100 * metric.doseGy) / rxGy).toFixed(3)}%Rx` : formatDvhMetric(metric);
  return {
    label,
    unit: isDose ? 'Gy' : 'percent',
    reference: finiteOrNull(ref),
    evaluated: finiteOrNull(ev),
    difference: finiteOrNull(ev - ref),
    differencePercentOfPrescription: isDose ? finiteOrNull((100 * (ev - ref)) / rxGy) : null,
  };
}

function targetIndices(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  occ: StructureOccupancy,
  pair: { reference: Dvh; evaluated: Dvh },
  rxGy: number,
): NonNullable<RoiDvhComparison['target']> {
  const hi = (d: Dvh): number | null => (d.volumeCc > 0 ? finiteOrNull(homogeneityIndex(d)) : null);
  return {
    homogeneityIndex: { reference: hi(pair.reference), evaluated: hi(pair.evaluated) },
    paddickConformityIndex: {
      reference: finiteOrNull(paddickConformity(reference, occ, rxGy).index),
      evaluated: finiteOrNull(paddickConformity(evaluated, occ, rxGy).index),
    },
  };
}
