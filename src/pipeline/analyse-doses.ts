import { compareDoses, type DoseComparison } from '../compare/compare-doses.js';
import { cumulativeCurvePercent, type Dvh } from '../compare/dvh/dvh.js';
import type { DvhMetric } from '../compare/dvh/dvh-metrics.js';
import type { GammaResult } from '../compare/gamma/gamma-result.js';
import type { GammaBackendRequest } from '../compare/gamma/compute-gamma.js';
import { roiGammaPassRates } from '../compare/gamma/roi-gamma-pass-rate.js';
import { computeImageMetrics } from '../compare/image/image-metrics.js';
import { isTargetType } from '../core/structures.js';
import { createVolume, type Volume } from '../core/volume.js';
import {
  DVH_METRIC_IDS,
  type DvhCurve,
  type DvhMetricId,
  type GammaResultEntry,
  type ImageMetrics,
  type VerdictCriteria,
} from '../report/validation-report.js';
import type { DoseAnalysis, RoiDvhResult } from './analysis-types.js';
import { bodyMaskOnCt } from './body-mask-on-ct.js';
import { gammaLabel } from './criteria.js';
import type { LoadedStructures } from './load-inputs.js';
import { type RoiOccupancy, roiOccupancies } from './roi-occupancy.js';

/**
 * The compare stage for the pipeline: src/compare's compareDoses (gamma per criterion, DVH per ROI, dose
 * differences) and computeImageMetrics, with the results reshaped for the report. No physics here.
 */

export interface AnalyseInput {
  readonly ct: Volume<'HU'>;
  /** The sCT on the CT grid. */
  readonly sct: Volume<'HU'>;
  /** Both doses on the same dose grid. */
  readonly doseCt: Volume<'Gy'>;
  readonly doseSct: Volume<'Gy'>;
  readonly structures: LoadedStructures;
  readonly criteria: VerdictCriteria;
  readonly prescriptionGy: number;
  readonly gammaBackend: GammaBackendRequest;
}

/** The report's DVH metrics, in DVH_METRIC_IDS order (compareDoses evaluates them in the order given). */
const METRICS: Readonly<Record<DvhMetricId, DvhMetric>> = {
  D98: { kind: 'D', volumePercent: 98 },
  D95: { kind: 'D', volumePercent: 95 },
  D50: { kind: 'D', volumePercent: 50 },
  D2: { kind: 'D', volumePercent: 2 },
  Dmean: { kind: 'Dmean' },
};

/** Points of each DVH curve drawn in the report. */
const CURVE_POINTS = 160;

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

function curve(dvh: Dvh, dosesGy: readonly number[]): DvhCurve {
  return { doseGy: dosesGy, volumePercent: cumulativeCurvePercent(dvh, dosesGy).map((v) => round(v, 3)) };
}

function roiResults(rois: readonly RoiOccupancy[], comparison: DoseComparison): RoiDvhResult[] {
  return rois.map((roi, n) => {
    const entry = comparison.report.dvh[n];
    const pair = comparison.dvh[n];
    if (!entry || !pair) throw new Error(`compareDoses returned no DVH for ROI ${roi.structure.name}`);
    const maxGy = Math.max(pair.reference.maxGy, pair.evaluated.maxGy) * 1.02;
    const doses = Array.from({ length: CURVE_POINTS }, (_, p) => round((p * maxGy) / (CURVE_POINTS - 1), 4));
    const values = (which: 'reference' | 'evaluated'): Record<DvhMetricId, number> =>
      Object.fromEntries(DVH_METRIC_IDS.map((m, k) => [m, entry.metrics[k]?.[which] ?? NaN])) as Record<
        DvhMetricId,
        number
      >;
    const s = roi.structure;
    return {
      name: s.name,
      roiType: s.type,
      isTarget: isTargetType(s.type),
      volumeCm3: entry.volumeCc,
      ...(s.colorRgb ? { colorRgb: s.colorRgb } : {}),
      ctGy: values('reference'),
      sctGy: values('evaluated'),
      ctCurve: curve(pair.reference, doses),
      sctCurve: curve(pair.evaluated, doses),
    };
  });
}

function gammaEntry(
  result: GammaResult,
  spec: VerdictCriteria['gamma'][number],
  rois: readonly RoiOccupancy[],
): GammaResultEntry {
  const evaluated = result.evaluatedVoxelCount;
  const { binWidth, counts } = result.histogram;
  return {
    label: gammaLabel(spec),
    criteria: spec,
    normalisationDoseGy: result.criteria.globalNormGy,
    // With nothing evaluated the rate is undefined; 0 keeps the JSON numeric and the verdict says why.
    passRatePercent: evaluated > 0 ? result.passRatePercent : 0,
    evaluatedVoxels: evaluated,
    meanGamma: evaluated > 0 ? result.meanGamma : 0,
    gammaP95: evaluated > 0 ? result.gamma95thPercentile : 0,
    perRoi: roiGammaPassRates(
      result.gamma,
      rois.map((r) => r.occupancy),
    ),
    histogram: {
      binEdges: counts.map((_, b) => round(b * binWidth, 6)).concat(round(counts.length * binWidth, 6)),
      counts: [...counts],
    },
  };
}

export async function analyseDoses(input: AnalyseInput): Promise<DoseAnalysis> {
  const warnings: string[] = [];
  const { rois, warnings: roiWarnings } = roiOccupancies(input.structures, input.doseCt.grid);
  warnings.push(...roiWarnings);
  const comparison = await compareDoses(
    input.doseCt,
    input.doseSct,
    rois.map((r) => ({ occupancy: r.occupancy, type: r.structure.type })),
    {
      prescriptionGy: input.prescriptionGy,
      gamma: input.criteria.gamma,
      gammaBackend: input.gammaBackend,
      dvhMetrics: DVH_METRIC_IDS.map((m) => METRICS[m]),
    },
  );
  warnings.push(...comparison.report.warnings.filter((w) => !roiWarnings.includes(w)));
  const gamma = comparison.gamma.map((g, n) =>
    gammaEntry(g, input.criteria.gamma[n] as VerdictCriteria['gamma'][number], rois),
  );
  const body = bodyMaskOnCt(input.structures, input.ct);
  if (body.warning) warnings.push(body.warning);
  const image = computeImageMetrics(input.ct, input.sct, body.mask);
  const imageMetrics: ImageMetrics = {
    maeHu: image.maeHu,
    meHu: image.meHu,
    psnrDb: Number.isFinite(image.psnrDb) ? image.psnrDb : null,
    ssim: image.ssim,
    maskVoxels: image.maskVoxelCount,
  };
  const dd = comparison.report.doseDifference;
  const sctMinusCt = new Float32Array(input.ct.data.length);
  for (let n = 0; n < sctMinusCt.length; n++)
    sctMinusCt[n] = (input.sct.data[n] as number) - (input.ct.data[n] as number);
  return {
    gamma,
    gammaMaps: comparison.gamma.map((g, n) => ({ label: gamma[n]?.label ?? `gamma ${n}`, gamma: g.gamma })),
    gammaBackend: comparison.gamma[0]?.backend ?? 'none',
    dvh: roiResults(rois, comparison),
    doseDifference: {
      doseMaePercent: dd.doseMaePercent,
      highDoseVoxels: dd.highDoseVoxelCount,
      meanDifferencePercent: dd.meanDifferencePercent,
      maxAbsDifferencePercent: dd.maxAbsDifferencePercent,
    },
    imageMetrics,
    huDifference: createVolume(input.ct.grid, 'HU', sctMinusCt),
    doseDifferenceGy: comparison.differenceMap,
    warnings,
  };
}
