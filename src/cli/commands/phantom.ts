import type { CliCommand } from '../command.js';

/** `equidose phantom`: a digital patient (and optionally an sCT with known errors) written to a directory. */
export const phantomCommand: CliCommand = {
  name: 'phantom',
  summary:
    'Generate a digital patient (CT, MR, structures, plan) and optionally an sCT with controlled errors',
  usage:
    'equidose phantom --site pelvis|head --seed N --out DIR [--format nifti|dicom] [--sct-error NAME=VALUE]... ' +
    '[--scale F] [--mu engine|estimate]',
  description:
    'Writes ct.nii.gz (HU), mr.nii.gz (T1-like), structures.nii.gz (label map) + structures.json (labels, names,\n' +
    'types, planar contours), plan.json (conformal HFS plan, MU giving the prescription as PTV mean dose) and\n' +
    'phantom.json (provenance); sct.nii.gz when --sct-error is given. Same site and seed: bit-identical files.\n' +
    'Seed ranges: training 1000-1999, validation 100-199, test 1-99 (see docs/phantoms.md).\n' +
    'sCT errors (repeatable, applied in a fixed order): hu-offset=HU, bone-scale=F, air-pocket=missing|extra,\n' +
    'body-shift=MM, bulk=water|water-bone, bone-blur=MM.\n' +
    '--format dicom writes ct/, mr/ (and sct/) DICOM series instead of the .nii.gz images.',
  options: {
    site: { type: 'string', help: 'pelvis or head', valueName: 'SITE' },
    seed: { type: 'string', help: 'case number, integer 0 … 4294967295', valueName: 'N' },
    out: { type: 'string', help: 'output directory', valueName: 'DIR' },
    format: { type: 'string', help: 'nifti (default) or dicom', valueName: 'FORMAT' },
    'sct-error': {
      type: 'string',
      multiple: true,
      help: 'an sCT error NAME=VALUE (repeatable)',
      valueName: 'NAME=VALUE',
    },
    scale: {
      type: 'string',
      help: 'voxel-pitch multiplier (default 1 = full resolution; 4 = fast coarse case)',
      valueName: 'F',
    },
    mu: {
      type: 'string',
      help: 'engine (default: dose engine, PTV mean = prescription) or estimate (first-order)',
      valueName: 'HOW',
    },
  },
  allowPositionals: false,
  load: async () => (await import('./phantom-run.js')).runPhantomCommand,
};
