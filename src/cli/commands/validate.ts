import type { CliCommand } from '../command.js';

/** `equidose validate`: is dose on the sCT equivalent to dose on the CT? Writes the report set into --out. */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Compute the same plan on CT and sCT and report gamma, DVH, image metrics and a verdict',
  usage:
    'equidose validate --ct <ct> (--sct <sct> | --mr <mr> --model <model>) --structures <rtstruct | labels> ' +
    '--plan <rtplan | plan.json> [--hlut …] [--prescription-gy …] [--criteria …] --out DIR',
  description:
    'Inputs may be DICOM (a series directory, RTSTRUCT, RTPLAN) or research formats (NIfTI/NRRD/MetaImage,\n' +
    'a label map with its structures.json beside it, plan.json). The sCT must share the CT frame of reference\n' +
    '(else pass --assume-registered); it is resampled onto the CT grid when the grids differ. Outputs in --out:\n' +
    'report.html, report.json, metrics.csv, dose_ct/dose_sct and gamma maps (.nii.gz), RTDOSE for DICOM input.\n' +
    'Exit 0 whether the verdict passes or not (read report.json "verdict"); exit 1 on a failed run.',
  options: {
    ct: { type: 'string', help: 'planning CT: volume file or DICOM series directory', valueName: 'ct' },
    sct: { type: 'string', help: 'synthetic CT to validate', valueName: 'sct' },
    mr: { type: 'string', help: 'MR to synthesise the sCT from (with --model)', valueName: 'mr' },
    model: {
      type: 'string',
      help: 'sCT model: a model directory, a .onnx with its manifest, or a shipped model id',
      valueName: 'model',
    },
    structures: {
      type: 'string',
      help: 'RTSTRUCT, or a label map with its structures.json beside it',
      valueName: 'rtstruct|labels',
    },
    plan: { type: 'string', help: 'RTPLAN or plan.json (same plan and MU on CT and sCT)', valueName: 'plan' },
    hlut: {
      type: 'string',
      help: 'HU→RED table: built-in id or file (default matrad-default)',
      valueName: 'table',
    },
    'prescription-gy': {
      type: 'string',
      help: 'prescription per fraction, Gy (default: the plan’s)',
      valueName: 'Gy',
    },
    criteria: {
      type: 'string',
      help: 'criteria JSON file, or a gamma list like 3%/2mm,2%/2mm,1%/1mm (first gates the verdict)',
      valueName: 'file|list',
    },
    out: { type: 'string', help: 'output directory', valueName: 'DIR' },
    backend: {
      type: 'string',
      help: 'auto (default), js, or a gpu.js mode (webgpu, webgl2, webasm, cpu, …)',
      valueName: 'name',
    },
    'dose-grid-mm': {
      type: 'string',
      help: 'isotropic dose-grid spacing, mm (default 2.5)',
      valueName: 'mm',
    },
    anonymize: { type: 'boolean', help: 'drop patient name/ID (and input paths) from every output' },
    pdf: { type: 'boolean', help: 'also write report.pdf (print layout, headless Chromium)' },
    'assume-registered': {
      type: 'boolean',
      help: 'accept an sCT/structures/plan in another frame of reference as already registered to the CT',
    },
  },
  allowPositionals: false,
  load: async () => (await import('./validate-run.js')).runValidateCommand,
};
