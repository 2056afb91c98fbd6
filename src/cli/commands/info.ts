import type { CliCommand } from '../command.js';

/** `equidose info <file> [--json]`: geometry, value range and quantity of a volume file. */
export const infoCommand: CliCommand = {
  name: 'info',
  summary: "Print a volume's size, spacing, origin, direction, value range and quantity",
  usage: 'equidose info <file> [--json] [--quantity Q]',
  description:
    'Reads NIfTI-1 (.nii, .nii.gz), NRRD (.nrrd, .nhdr) and MetaImage (.mha, .mhd) volumes. Geometry is given in\n' +
    'patient LPS millimetres: origin is the centre of voxel (0,0,0), direction lists the i, j and k axis unit\n' +
    "vectors. The quantity comes from equidose's tag in the file, else it is inferred (label, HU or MR).\n" +
    'With --json: {"size","spacingMm","originMm","direction","min","max","quantity","format"}.\n' +
    'DICOM (a file or a directory): image series with their grid; RTSTRUCT rois (name, type, contourCount);\n' +
    'RTPLAN beams (gantryDeg, mu, controlPoints); RTDOSE grid and maxDose. --json: {"format":"DICOM","objects"}.',
  options: {
    json: { type: 'boolean', help: 'print one JSON object instead of the table' },
    quantity: {
      type: 'string',
      help: 'override the quantity (MR, HU, RED, Gy, gamma, mask, label)',
      valueName: 'Q',
    },
  },
  allowPositionals: true,
  load: async () => (await import('./info-run.js')).runInfoCommand,
};
