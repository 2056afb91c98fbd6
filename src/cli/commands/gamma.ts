import type { CliCommand } from '../command.js';

/** `equidose gamma`: 1D/2D/3D gamma index of an evaluated dose against a reference dose. */
export const gammaCommand: CliCommand = {
  name: 'gamma',
  summary: 'Gamma index (Low 1998) of an evaluated dose against a reference dose',
  usage:
    'equidose gamma --ref <dose> --eval <dose> --dd 2 --dta 2 [--local] [--cutoff 10] [--interp-fraction 10] ' +
    '[--max-gamma 2] [--norm-dose Gy] [--map <gamma.nii.gz>] [--json <out.json>] [--backend auto|ts|reference|webgpu|webgl2|webasm|cpu]',
  description:
    'Doses: RTDOSE or volume files (NIfTI/NRRD/MHA), in one frame of reference; the evaluated dose may be on\n' +
    'another grid (trilinear interpolation). Global gamma normalises to the reference maximum unless --norm-dose.\n' +
    'Search step = DTA / interp-fraction; search radius = max-gamma × DTA. --map writes γ on the reference grid\n' +
    '(NaN where not evaluated). Backend auto = a GPU through gpu.js when one answers, else the TypeScript path.',
  options: {
    ref: { type: 'string', help: 'reference dose (e.g. on the CT)', valueName: 'DOSE' },
    eval: { type: 'string', help: 'evaluated dose (e.g. on the sCT)', valueName: 'DOSE' },
    dd: { type: 'string', help: 'dose-difference criterion, %', valueName: 'PERCENT' },
    dta: { type: 'string', help: 'distance-to-agreement criterion, mm', valueName: 'MM' },
    local: { type: 'boolean', help: 'local gamma (ΔD = % of each reference voxel dose)' },
    cutoff: {
      type: 'string',
      help: 'lower dose cutoff, % of the normalisation dose (default 10)',
      valueName: 'PERCENT',
    },
    'interp-fraction': { type: 'string', help: 'search step = DTA / fraction (default 10)', valueName: 'N' },
    'max-gamma': { type: 'string', help: 'largest γ searched (default 2)', valueName: 'G' },
    'norm-dose': {
      type: 'string',
      help: 'global normalisation dose, Gy (default: reference max)',
      valueName: 'GY',
    },
    map: { type: 'string', help: 'write the gamma map volume here', valueName: 'PATH' },
    json: { type: 'string', help: 'write the result JSON here', valueName: 'PATH' },
    backend: {
      type: 'string',
      help: 'auto (default), ts, reference, webgpu, webgl2, webgl, headlessgl, webasm, cpu',
      valueName: 'B',
    },
  },
  allowPositionals: false,
  load: async () => (await import('./gamma-run.js')).runGammaCommand,
};
