/**
 * equidose public API: stable exports only. Stage internals stay importable by path but are not promised.
 */

// Core geometry and volumes (patient LPS mm; voxel memory order i fastest).
export * from './core/errors.js';
export * from './core/grid.js';
export { resampleVolume, type Interpolation, type ResampleOptions } from './core/resample.js';
export * from './core/transforms.js';
export * from './core/vec3.js';
export * from './core/volume.js';
export * from './core/structures.js';

// Volume I/O (NIfTI-1, NRRD, MetaImage).
export { readVolume, type ReadVolumeOptions } from './io/read-volume.js';
export { writeVolume } from './io/write-volume.js';
export { QUANTITIES, parseQuantity, inferQuantity } from './io/quantity-tag.js';

// Digital phantoms (src/phantoms): paired CT/MR patients, structures, plans, controlled sCT errors.
export {
  buildPhantom,
  phantomGrid,
  type PhantomCase,
  type PhantomOptions,
} from './phantoms/build-phantom.js';
export {
  loadPhantomSpec,
  PHANTOM_SITES,
  type PhantomSite,
  type PhantomSpec,
} from './phantoms/phantom-spec.js';
export { applySctErrors, type SctResult } from './phantoms/sct-error-models.js';
export { parseSctError, parseSctErrors, type SctError } from './phantoms/sct-error-spec.js';
export { normalizePlanToPrescription, type NormalizedPlan } from './phantoms/normalize-plan.js';

// DICOM RT (src/dicom): image series, RTSTRUCT, RTPLAN, RTDOSE in; CT/MR/sCT series and RTDOSE out.
export { readImageSeries, type ImageSeries, type PatientStudy } from './dicom/image-series.js';
export { readRtStruct, assertSameFrameOfReference, type RtStructData } from './dicom/rtstruct.js';
export { readRtPlan, type RtPlanData, type ReadRtPlanOptions } from './dicom/rtplan.js';
export { readRtDose, type RtDoseData, type ReadRtDoseOptions } from './dicom/rtdose.js';
export { writeRtDose, encodeRtDose, type EncodeRtDoseOptions } from './dicom/rtdose-write.js';
export {
  writeImageSeries,
  writeSyntheticCtSeries,
  type SourceSeries,
  type EncodeSeriesOptions,
} from './dicom/series-write.js';
export { readDicomVolume, isDicomPath } from './dicom/read-dicom-volume.js';
export { describeDicom, type DicomObjectInfo } from './dicom/dicom-info.js';

// Dose comparison (src/compare): gamma, DVH, image metrics (SynthRAD2023), dose differences.
export { computeGamma, GAMMA_BACKENDS, type GammaBackendRequest } from './compare/gamma/compute-gamma.js';
export {
  normaliseGammaOptions,
  GAMMA_DEFAULTS,
  type GammaCriteria,
  type GammaOptions,
} from './compare/gamma/gamma-options.js';
export type { GammaResult, GammaStatistics, GammaBackendId } from './compare/gamma/gamma-result.js';
export { rasterizeStructure, type RasterizeOptions } from './compare/dvh/rasterize-structure.js';
export { labelOccupancy } from './compare/dvh/label-occupancy.js';
export { occupancyVolumeCc, type StructureOccupancy } from './compare/dvh/occupancy.js';
export {
  computeDvh,
  cumulativeCurvePercent,
  doseAtVolumeCc,
  volumeAtDoseCc,
  type Dvh,
} from './compare/dvh/dvh.js';
export {
  evaluateDvhMetric,
  doseMetricGy,
  homogeneityIndex,
  type DvhMetric,
  type DvhMetricValue,
} from './compare/dvh/dvh-metrics.js';
export { paddickConformity, type PaddickConformity } from './compare/dvh/conformity.js';
export { computeImageMetrics, type ImageMetrics } from './compare/image/image-metrics.js';
export { bodyMaskFromCt } from './compare/image/body-mask.js';
export {
  doseDifferenceMap,
  doseDifferenceStatistics,
  roiDoseDifference,
  type DoseDifferenceStatistics,
  type RoiDoseDifference,
} from './compare/dose-difference.js';
export {
  compareDoses,
  type ComparisonRoi,
  type CompareDosesOptions,
  type DoseComparison,
} from './compare/compare-doses.js';
export type { ComparisonReport } from './compare/comparison-report.js';

// Cohort studies (src/cohort): CSV manifest, resumable worker-pool runs of validate, aggregates, cohort verdict.
export {
  readCohortManifest,
  parseCohortManifest,
  type CohortCase,
  type CohortManifest,
  type SctSource,
} from './cohort/manifest.js';
export {
  runCohort,
  type CohortOptions,
  type CohortProgressEvent,
  type CohortRunResult,
} from './cohort/run-cohort.js';
export { writeCohortFiles, formatCohortCsv, formatCohortJson } from './cohort/cohort-files.js';
export { buildCohortReport, type CohortReportInput } from './cohort/build-cohort-report.js';
export {
  summariseMetrics,
  blandAltmanByRoi,
  gammaDistributions,
  type CaseReport,
} from './cohort/aggregate.js';
export {
  judgeCohort,
  caseTargetsWithinTolerance,
  caseGammaWithinTolerance,
  DEFAULT_REQUIRED_PATIENT_PERCENT,
} from './cohort/cohort-verdict.js';
export {
  summariseSample,
  blandAltman,
  type MetricStats,
  type BlandAltmanStats,
} from './cohort/statistics.js';
export type * from './cohort/cohort-result.js';
/** Runs any `equidose` command in-process (argv without the program name); resolves to its exit code. */
export { runCli } from './cli/run-cli.js';
// synthct: MR → synthetic CT with an ONNX generator described by a manifest
export {
  synthesizeCt,
  synthesizeCtDetailed,
  type SynthesizeCtOptions,
  type SynthesizeCtResult,
} from './synthct/synthesize-ct.js';
export { loadModel, resolveManifestPath, sha256Hex, type LoadedModel } from './synthct/model-manifest.js';
export { parseModelManifest, type ModelManifest, type MrNormalisation } from './synthct/manifest-schema.js';
export { computeBodyMask } from './synthct/body-mask.js';
export { SHIPPED_MODEL_ID, shippedModelDir } from './synthct/shipped-model.js';

// HU → RED tables (src/density) and the photon pencil-beam dose engine (src/dose).
export {
  createHlut,
  lookupRedRel,
  withOutOfRangePolicy,
  type Hlut,
  type HlutProvenance,
  type OutOfRangePolicy,
} from './density/hlut.js';
export {
  loadBuiltInHlut,
  readHlutFile,
  resolveHlut,
  BUILT_IN_HLUT_IDS,
  DEFAULT_HLUT_ID,
} from './density/hlut-file.js';
export { huToRedReference, type HuToRedResult } from './density/hu-to-red-reference.js';
export type { Beam, JawsMm, MlcAperture, PatientPosition, Plan } from './dose/plan.js';
export { parsePlan, readPlanFile, validatePlan } from './dose/plan-file.js';
export { loadMachine, parseMachine, BUILT_IN_MACHINE_IDS, type Machine } from './dose/machine.js';
export {
  beamFrameLps,
  lpsToBev,
  bevToLps,
  SUPPORTED_PATIENT_POSITIONS,
  type BeamFrameLps,
  type BevPoint,
} from './dose/beam-geometry.js';
export {
  computeDose,
  DEFAULT_DOSE_GRID_SPACING_MM,
  type ComputeDoseOptions,
  type DoseResult,
} from './dose/compute-dose.js';
export { createDoseGrid, DEFAULT_BODY_THRESHOLD_REL } from './dose/dose-grid.js';
export {
  DOSE_BACKEND_REQUESTS,
  getDoseEngine,
  registerDoseEngine,
  type DoseBackendId,
  type DoseBackendRequest,
  type DoseEngine,
} from './dose/engine.js';
export { doseAtLps } from './dose/dose-sampling.js';
// pipeline and report (equidose validate)
export { runValidation, type ValidationOutcome } from './pipeline/run-validation.js';
export type { ValidationRequest } from './pipeline/validation-request.js';
export {
  DEFAULT_CRITERIA,
  loadCriteria,
  parseCriteriaJson,
  parseInlineGammaList,
} from './pipeline/criteria.js';
export { judgeVerdict } from './pipeline/verdict.js';
export { renderReport } from './report/render-report.js';
export { writeReportPdf } from './report/pdf-report.js';
export {
  DVH_METRIC_IDS,
  REPORT_FORMAT,
  REPORT_VERSION,
  type DvhEntry,
  type DvhMetricId,
  type GammaResultEntry,
  type ImageMetrics as ReportImageMetrics,
  type Provenance,
  type ValidationReport,
  type Verdict,
  type VerdictCriteria,
  type VerdictReason,
} from './report/validation-report.js';
