import { SHIPPED_MODEL_ID } from '../../synthct/shipped-model.js';
import type { CliCommand } from '../command.js';
import { DEMO_SEED } from './demo-case.js';

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
  load: async () => (await import('./demo-run.js')).runDemoCommand,
};
