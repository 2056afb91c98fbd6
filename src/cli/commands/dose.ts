import { DEFAULT_DOSE_GRID_SPACING_MM, DOSE_BACKEND_REQUESTS } from '../../dose/dose-defaults.js';
import type { CliCommand } from '../command.js';

/** `equidose dose`: HU → RED → pencil-beam dose of a plan on a CT (or sCT). */
export const doseCommand: CliCommand = {
  name: 'dose',
  summary: 'Compute the dose of a plan on a CT or sCT (HU → RED table, photon pencil-beam engine)',
  usage:
    'equidose dose --ct <volume> --plan <plan.json> [--hlut <name|file>] [--dose-grid-mm 2.5] ' +
    '[--backend auto|webasm|cpu] --out <dose.nii.gz> [--json <summary.json>]',
  description:
    'Maps the CT through the HU → RED table (default matrad-default; or a .csv / .hlut / .json file), computes\n' +
    "the plan's dose on a dose grid limited to the body (RED ≥ 0.2 bounding box, CT axes, isotropic spacing) with\n" +
    'the built-in beam model named by the plan, and writes it in Gy. The summary gives the maximum dose, the dose\n' +
    'at each isocentre, the backend that ran and timings. See docs/dose-engine.md and docs/plan-format.md.\n' +
    "Backends: auto (a GPU backend when one answers, else 'js', the plain-TypeScript path), js, webasm, cpu\n" +
    '(gpu.js modes) and webgpu/webgl2/webgl/headlessgl where available.',
  options: {
    ct: {
      type: 'string',
      help: 'CT or sCT volume in HU (NIfTI, NRRD, MetaImage or a DICOM series)',
      valueName: 'FILE',
    },
    plan: { type: 'string', help: 'plan JSON (docs/plan-format.md)', valueName: 'FILE' },
    hlut: {
      type: 'string',
      help: 'HU → RED table: built-in name or a .csv/.hlut/.json file',
      valueName: 'NAME|FILE',
    },
    'dose-grid-mm': {
      type: 'string',
      help: `dose grid spacing in mm (default ${DEFAULT_DOSE_GRID_SPACING_MM})`,
      valueName: 'MM',
    },
    backend: {
      type: 'string',
      help: `where the hot loops run: ${DOSE_BACKEND_REQUESTS.join('|')}`,
      valueName: 'ID',
    },
    out: { type: 'string', help: 'dose volume to write (Gy), e.g. dose.nii.gz', valueName: 'FILE' },
    json: { type: 'string', help: 'summary JSON to write', valueName: 'FILE' },
  },
  allowPositionals: false,
  load: async () => (await import('./dose-run.js')).runDoseCommand,
};
