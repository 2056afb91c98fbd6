import type { Volume } from '../core/volume.js';
import { huToRedReference } from '../density/hu-to-red-reference.js';
import { computeDose, DEFAULT_DOSE_GRID_SPACING_MM } from '../dose/compute-dose.js';
import { defaultComputeThreads } from '../core/compute-threads.js';
import { createDoseGrid } from '../dose/dose-grid.js';
import { loadMachine } from '../dose/machine.js';
import { renderReport } from '../report/render-report.js';
import type { ValidationReport } from '../report/validation-report.js';
import { type LoadedModel, loadModel } from '../synthct/model-manifest.js';
import { synthesizeCtDetailed } from '../synthct/synthesize-ct.js';
import { alignSctToCt, checkFrame } from './align-sct.js';
import { analyseDoses } from './analyse-doses.js';
import { assembleReport, resolvePrescription } from './assemble-report.js';
import { loadCriteria } from './criteria.js';
import { loadHlut, loadImage, loadPlan, loadStructures, patientOf, resolveModelRef } from './load-inputs.js';
import { planOutputs } from './plan-outputs.js';
import { StageTimer } from './stage-timer.js';
import { checkRequest, splitBackend, type ValidationRequest } from './validation-request.js';
import { checkOutputDir, writeOutputsAtomically } from './write-outputs.js';

/**
 * `equidose validate`, composition only: read → (synthesise) → sCT onto the CT grid → HU→RED with one table →
 * the same plan and MU on CT and sCT on one dose grid → compare (gamma per criterion, DVH per ROI, dose and
 * image metrics) → verdict → report files. Every input is read and every number computed before anything is
 * written; the outputs then appear all together (see write-outputs.ts).
 */

export interface ValidationOutcome {
  readonly report: ValidationReport;
  /** Absolute paths of every file written in --out. */
  readonly files: readonly string[];
  readonly reportHtmlPath: string;
}

/** Stage names passed to `onStage` as the run proceeds. */
export type StageListener = (stage: string) => void;

export async function runValidation(
  request: ValidationRequest,
  onStage: StageListener = () => {},
): Promise<ValidationOutcome> {
  checkRequest(request);
  checkOutputDir(request.outDir);
  const criteria = loadCriteria(request.criteria);
  const backends = splitBackend(request.backend);
  const timer = new StageTimer(onStage);
  const warnings: string[] = [];

  const inputs = timer.run('read inputs', () => ({
    ct: loadImage(request.ctPath, 'HU'),
    source:
      request.sct.kind === 'sct' ? loadImage(request.sct.path, 'HU') : loadImage(request.sct.path, 'MR'),
    structures: loadStructures(request.structuresPath),
    plan: loadPlan(request.planPath),
    hlut: loadHlut(request.hlut),
    // Load (and sha256-check) the model up front, so a bad model fails before any computation.
    model: request.sct.kind === 'mr' ? loadModel(resolveModelRef(request.sct.model)) : undefined,
  }));
  const ctGrid = inputs.ct.volume.grid;
  warnings.push(
    ...checkFrame(
      'structure set',
      inputs.structures.set.frameOfReferenceUid,
      ctGrid,
      request.assumeRegistered,
    ),
  );
  warnings.push(...checkFrame('plan', inputs.plan.frameOfReferenceUid, ctGrid, request.assumeRegistered));
  warnings.push(...inputs.structures.set.warnings, ...inputs.plan.warnings);
  const machine = loadMachine(inputs.plan.plan.machine);
  const rx = resolvePrescription(request.prescriptionGy, inputs.plan.plan, request.planPath);

  let sctRaw: Volume<'HU'>;
  let model: { id: string; sha256: string } | null = null;
  if (request.sct.kind === 'mr') {
    const mr = inputs.source.volume as Volume<'MR'>;
    const loaded = inputs.model as LoadedModel;
    // Inference parallelises well: give onnxruntime the stage's threads (EQUIDOSE_THREADS, else the cores ≤ 4).
    const threads = defaultComputeThreads();
    const synth = await timer.runAsync('synthesise sCT', () => synthesizeCtDetailed(mr, loaded, { threads }));
    sctRaw = synth.sct;
    model = { id: synth.modelId, sha256: synth.modelSha256 };
  } else sctRaw = inputs.source.volume as Volume<'HU'>;
  const aligned = timer.run('sCT onto CT grid', () => alignSctToCt(sctRaw, ctGrid, request.assumeRegistered));
  warnings.push(...aligned.warnings);

  const red = timer.run('HU to RED', () => ({
    ct: huToRedReference(inputs.ct.volume, inputs.hlut),
    sct: huToRedReference(aligned.sct, inputs.hlut),
  }));
  warnings.push(...red.ct.warnings.map((w) => `CT: ${w}`), ...red.sct.warnings.map((w) => `sCT: ${w}`));
  // One dose grid, from the CT's body, for both doses.
  const doseGrid = createDoseGrid(red.ct.red, request.doseGridMm ?? DEFAULT_DOSE_GRID_SPACING_MM);
  const doseOptions = { doseGrid, backend: backends.dose };
  const doseCt = await timer.runAsync('dose on CT', () =>
    computeDose(red.ct.red, inputs.plan.plan, machine, doseOptions),
  );
  const doseSct = await timer.runAsync('dose on sCT', () =>
    computeDose(red.sct.red, inputs.plan.plan, machine, doseOptions),
  );
  warnings.push(...doseCt.warnings, ...doseSct.warnings);

  const analysis = await timer.runAsync('compare', () =>
    analyseDoses({
      ct: inputs.ct.volume,
      sct: aligned.sct,
      doseCt: doseCt.dose,
      doseSct: doseSct.dose,
      structures: inputs.structures,
      criteria,
      prescriptionGy: rx.prescriptionGy,
      gammaBackend: backends.gamma,
    }),
  );
  warnings.push(...analysis.warnings);

  const assembled = timer.run('report', () =>
    assembleReport({
      request,
      analysis,
      criteria,
      ...rx,
      patient: patientOf(inputs.ct, inputs.source),
      hlut: inputs.hlut,
      model,
      backend: `dose ${doseCt.backend}, gamma ${analysis.gammaBackend}`,
      doseEngine: `${doseCt.engine} (${doseCt.machine.id} v${doseCt.machine.version}; ${doseCt.machine.calibration})`,
      doseGrid,
      timingsMs: timer.timingsMs(),
      warnings,
    }),
  );
  const isocentre = inputs.plan.plan.beams[0]?.isocenterMm;
  const gatingMap = analysis.gammaMaps[criteria.gatingGammaIndex];
  if (!gatingMap) throw new Error('internal: no gamma map for the gating criterion');
  const html = await timer.runAsync('render report', () =>
    renderReport(assembled.report, {
      ct: inputs.ct.volume,
      sct: aligned.sct,
      huDifference: analysis.huDifference,
      doseCt: doseCt.dose,
      doseSct: doseSct.dose,
      doseDifference: analysis.doseDifferenceGy,
      gamma: gatingMap.gamma,
      gammaLabel: gatingMap.label,
      ...(isocentre ? { focusLpsMm: isocentre } : {}),
    }),
  );
  onStage('write outputs');
  const outputs = planOutputs({
    request,
    report: assembled.report,
    html,
    csv: assembled.csv,
    json: assembled.json,
    doseCt: doseCt.dose,
    doseSct: doseSct.dose,
    gammaMaps: analysis.gammaMaps,
    sct: request.sct.kind === 'mr' ? aligned.sct : undefined,
    dicom: {
      ct: inputs.ct.dicom,
      structuresIsDicom: inputs.structures.isDicom,
      planIsDicom: inputs.plan.isDicom,
    },
  });
  const files = await writeOutputsAtomically(request.outDir, outputs.files);
  return { report: assembled.report, files, reportHtmlPath: outputs.reportHtmlPath };
}
