import { join, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { existsSync } from 'node:fs';
import { buildPhantom } from '../../phantoms/build-phantom.js';
import { normalizePhantomPlan } from '../../phantoms/phantom-outputs.js';
import { writePhantomInputs } from '../../pipeline/phantom-inputs.js';
import { runValidation } from '../../pipeline/run-validation.js';
import { shippedModelDir } from '../../synthct/shipped-model.js';
import type { CommandRun } from '../command.js';
import { optionalString } from '../command.js';
import { DEMO_DOSE_GRID_MM, DEMO_SCALE, DEMO_SEED } from './demo-case.js';
import { stageLogger } from './validate-run.js';

/** The `equidose demo` implementation (descriptor in ./demo.ts). */
export const runDemoCommand: CommandRun = async (values, _positionals, io) => {
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
};
