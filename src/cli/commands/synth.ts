import type { CliCommand } from '../command.js';

/** `equidose synth`: MR → synthetic CT with an ONNX generator and its manifest. */
export const synthCommand: CliCommand = {
  name: 'synth',
  summary: 'Make a synthetic CT from an MR with an ONNX generator (shipped or your own)',
  usage:
    'equidose synth --mr <volume|dicom dir> --model <models/id | file.onnx> --out <sct> [--mask <body>] [--threads N]' +
    ' [--format volume|dicom] [--batch N]',
  description:
    'Runs the generator slice by slice (2.5D) on the model grid its manifest describes, normalising the MR inside\n' +
    'the body as the model was trained, and writes the sCT in HU on the MR grid (same geometry and frame of\n' +
    'reference; outside the body = air). The .onnx must match the sha256 in its manifest.json.\n' +
    'Output format from the --out extension (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd), or with --format dicom a CT\n' +
    'series in the directory --out (MR frame of reference, referencing the source MR series, marked synthetic).',
  options: {
    mr: {
      type: 'string',
      help: 'MR volume file (NIfTI/NRRD/MHA) or DICOM MR series directory',
      valueName: 'PATH',
    },
    model: {
      type: 'string',
      help: 'model directory (models/<id>), its id, or a .onnx with a manifest beside it',
      valueName: 'MODEL',
    },
    out: {
      type: 'string',
      help: 'output sCT volume (written only when everything succeeded)',
      valueName: 'PATH',
    },
    mask: {
      type: 'string',
      help: 'body mask volume on the MR grid (non-zero = body); default: automatic from the MR',
      valueName: 'PATH',
    },
    threads: { type: 'string', help: 'onnxruntime intra-op threads (default 1)', valueName: 'N' },
    format: {
      type: 'string',
      help: "'volume' (default; by --out extension) or 'dicom' (CT series directory)",
      valueName: 'F',
    },
    batch: { type: 'string', help: 'slices per inference call (default 4)', valueName: 'N' },
  },
  allowPositionals: false,
  load: async () => (await import('./synth-run.js')).runSynthCommand,
};
