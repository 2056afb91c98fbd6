import type { CliCommand } from '../command.js';

/** `equidose convert <in> <out>`: DICOM ↔ NIfTI/NRRD/MHA, and volumes → CT/MR series or RTDOSE. */
export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Convert between DICOM (CT/MR series, RTDOSE) and NIfTI/NRRD/MetaImage volumes',
  usage:
    'equidose convert <in> <out> [--as ct|mr|rtdose] [--series UID] [--sct-source MR_DICOM_DIR] [--reference IMAGE]',
  description:
    '<in>: a DICOM directory or file (CT/MR series, RTDOSE) or a .nii/.nii.gz/.nrrd/.nhdr/.mha/.mhd volume.\n' +
    '<out>: a volume file (by its ending), else DICOM: a new directory for a CT/MR series, a file for RTDOSE.\n' +
    '--as says what the data are (ct = HU, mr = MR, rtdose = Gy); without it the quantity of the input decides.\n' +
    "--sct-source writes the CT as a synthetic CT in that MR series' frame of reference, referencing it\n" +
    '(DERIVED\\SECONDARY, marked synthetic); the sCT must lie on the MR grid.\n' +
    'An RTSTRUCT file converts to structures.json (contours in LPS mm); --reference checks that it shares the\n' +
    "image's frame of reference. Nothing is written on error.",
  options: {
    as: { type: 'string', help: 'what to write/how to tag: ct, mr or rtdose', valueName: 'KIND' },
    series: {
      type: 'string',
      help: 'SeriesInstanceUID to read when a DICOM directory holds several',
      valueName: 'UID',
    },
    'sct-source': {
      type: 'string',
      help: 'MR DICOM series the (synthetic) CT derives from',
      valueName: 'DIR',
    },
    reference: {
      type: 'string',
      help: 'RTSTRUCT input: image whose frame of reference the contours must share',
      valueName: 'IMAGE',
    },
  },
  allowPositionals: true,
  load: async () => (await import('./convert-run.js')).runConvertCommand,
};
