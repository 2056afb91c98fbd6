import type { CliCommand } from '../command.js';

/** `equidose dvh`: cumulative DVHs and dose metrics of every structure in a dose. */
export const dvhCommand: CliCommand = {
  name: 'dvh',
  summary: 'Dose-volume histograms and D98/D95/D50/D2, Dmin/Dmean/Dmax of every structure',
  usage:
    'equidose dvh --dose <dose> --structures <rtstruct.dcm|labels|structures.json> [--structures-json <json>] [--json <out.json>] [--csv <out.csv>]',
  description:
    'Structures: an RTSTRUCT, a structures.json with contours, or a label map with its structures.json (beside it\n' +
    'as <stem>.json or structures.json, or given by --structures-json). Contours are rasterised on the dose grid\n' +
    'with partial volumes (even-odd holes, half-spacing end caps); ROIs without contours use their label.\n' +
    'D_x are interpolated inside histogram bins spanning [Dmin, Dmax] (--bins, default 2000).',
  options: {
    dose: { type: 'string', help: 'dose: RTDOSE or volume file (Gy)', valueName: 'DOSE' },
    structures: { type: 'string', help: 'RTSTRUCT, label map, or structures.json', valueName: 'PATH' },
    'structures-json': {
      type: 'string',
      help: 'structures.json of the label map (default: beside it)',
      valueName: 'PATH',
    },
    json: {
      type: 'string',
      help: 'write per-structure metrics and cumulative curves here',
      valueName: 'PATH',
    },
    csv: { type: 'string', help: 'write one row of metrics per structure here', valueName: 'PATH' },
    bins: { type: 'string', help: 'histogram bins between Dmin and Dmax (default 2000)', valueName: 'N' },
  },
  allowPositionals: false,
  load: async () => (await import('./dvh-run.js')).runDvhCommand,
};
