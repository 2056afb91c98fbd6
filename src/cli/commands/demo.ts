import type { CliCommand } from '../command.js';

/** `equidose demo`: the embedded default job. Filled in by the pipeline issue; until then it says so. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the whole validation on the embedded pelvis phantom and print the report path',
  usage: 'equidose demo [--out DIR]',
  description:
    'Generates a pelvis phantom, synthesises its sCT with the shipped model, computes the same plan on CT and sCT,\n' +
    'compares them (gamma, DVH, image metrics) and writes report.html / report.json.',
  options: { out: { type: 'string', help: 'output directory (default ./equidose-demo)', valueName: 'DIR' } },
  allowPositionals: false,
  run(_values, _positionals, io) {
    io.stderr.write(
      'equidose demo: not available yet. It will: build a pelvis phantom, make its sCT with the shipped model,\n' +
        'compute the plan on CT and sCT, compare (gamma, DVH, image metrics) and write report.html.\n',
    );
    return Promise.resolve(1);
  },
};
