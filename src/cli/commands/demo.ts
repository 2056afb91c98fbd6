import { join, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { existsSync } from 'node:fs';
import { buildPhantom } from '../../phantoms/build-phantom.js';
import { normalizePhantomPlan } from '../../phantoms/phantom-outputs.js';
import { writePhantomInputs } from '../../pipeline/phantom-inputs.js';
import { runValidation } from '../../pipeline/run-validation.js';
import { SHIPPED_MODEL_ID, shippedModelDir } from '../../synthct/shipped-model.js';
import type { CliCommand } from '../command.js';
import { optionalString } from '../command.js';
import { stageLogger } from './validate.js';

/**
 * Demo case: a pelvis phantom from the test seed range (never seen in training) at twice the default voxel
 * pitch (4 × 4 × 5 mm) and a 4 mm dose grid, which keeps the whole run well under 30 s on two cores.
 */
export const DEMO_SEED = 7;
export const DEMO_SCALE = 2;
export const DEMO_DOSE_GRID_MM = 4;

/** `equidose demo`: the embedded default job, end to end, with the shipped model. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the whole validation on the embedded pelvis phantom and print the report path',
  usage: 'equidose demo [--out DIR] [--backend NAME] [--pdf]',
  description:
    `Generates a pelvis phantom (seed ${DEMO_SEED}, test range), synthesises its sCT from the phantom MR with the\n` +
    `shipped model (models/${SHIPPED_MODEL_ID}), computes the same plan on CT and sCT, compares them (gamma, DVH,\n` +
    'image metrics) and writes report.html / report.json / metrics.csv. The inputs are kept in DIR/inputs so the\n' +
    'same run can be repeated with `equidose validate`.',
  options: {
    out: { type: 'string', help: 'output directory (default ./equidose-demo)', valueName: 'DIR' },
    backend: { type: 'string', help: 'auto (default), js or a gpu.js mode', valueName: 'NAME' },
    pdf: { type: 'boolean', help: 'also write report.pdf' },
  },
  allowPositionals: false,
  async run(values, _positionals, io) {
    const out = resolve(optionalString(values, 'out') ?? 'equidose-demo');
    const model = shippedModelDir();
    if (!existsSync(join(model, 'manifest.json')))
      throw new InputError(`the shipped sCT model is not installed (expected ${model}/manifest.json)`);
    const log = stageLogger(io);
    log(`pelvis phantom seed ${DEMO_SEED}`);
    const phantom = buildPhantom('pelvis', DEMO_SEED, { scale: DEMO_SCALE });
    // MU set with the dose engine so the PTV mean on the CT is the prescription, as `equidose phantom` does.
    log('plan MU normalised to the prescription');
    const { plan } = await normalizePhantomPlan(phantom);
    const inputs = writePhantomInputs(join(out, 'inputs'), phantom, plan);
    const outcome = await runValidation(
      {
        ctPath: inputs.ct,
        sct: { kind: 'mr', path: inputs.mr, model },
        structuresPath: inputs.structures,
        planPath: inputs.plan,
        outDir: out,
        backend: optionalString(values, 'backend') ?? 'auto',
        anonymize: false,
        pdf: values['pdf'] === true,
        assumeRegistered: false,
        doseGridMm: DEMO_DOSE_GRID_MM,
      },
      log,
    );
    const v = outcome.report.verdict;
    io.stderr.write(`verdict: ${v.level.toUpperCase()} (${v.summary})\n`);
    io.stdout.write(`${outcome.reportHtmlPath}\n`);
    return 0;
  },
};
