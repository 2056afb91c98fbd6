import type { CliCommand } from '../command.js';

/** `equidose metrics`: SynthRAD2023 image metrics of a synthetic CT against its CT. */
export const metricsCommand: CliCommand = {
  name: 'metrics',
  summary: 'Image metrics of an sCT vs its CT: MAE, ME, PSNR, SSIM in the body (SynthRAD2023)',
  usage: 'equidose metrics --ct <ct> --sct <sct> [--mask <mask>] [--json <out.json>]',
  description:
    'CT and sCT on the same grid (DICOM series or volume files). Mask: non-zero voxels of --mask (same grid), else\n' +
    'the CT body (> −500 HU, largest connected component, holes filled per slice). MAE/ME unclipped; PSNR and SSIM\n' +
    'on images clipped to [−1024, 3000] HU (data range 4024); SSIM 3D, 7-voxel window, mean over the mask.',
  options: {
    ct: { type: 'string', help: 'reference CT', valueName: 'PATH' },
    sct: { type: 'string', help: 'synthetic CT on the CT grid', valueName: 'PATH' },
    mask: {
      type: 'string',
      help: 'evaluation mask (non-zero = inside); default: CT body mask',
      valueName: 'PATH',
    },
    json: { type: 'string', help: 'write the metrics JSON here', valueName: 'PATH' },
  },
  allowPositionals: false,
  load: async () => (await import('./metrics-run.js')).runMetricsCommand,
};
