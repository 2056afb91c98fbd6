import type { Grid3 } from '../core/grid.js';
import type { Quantity, VoxelArray } from '../core/volume.js';

/** The research volume file types equidose reads and writes, by file name ending. */
export type VolumeFileType = 'nii' | 'nii.gz' | 'nrrd' | 'nhdr' | 'mha' | 'mhd';

/** Human names of the formats, as `equidose info` prints them. */
export const FORMAT_NAMES: Readonly<Record<VolumeFileType, string>> = {
  nii: 'NIfTI-1',
  'nii.gz': 'NIfTI-1 (gzip)',
  nrrd: 'NRRD',
  nhdr: 'NRRD (detached header)',
  mha: 'MetaImage',
  mhd: 'MetaImage (detached header)',
};

const ENDINGS: readonly [string, VolumeFileType][] = [
  ['.nii.gz', 'nii.gz'],
  ['.nii', 'nii'],
  ['.nrrd', 'nrrd'],
  ['.nhdr', 'nhdr'],
  ['.mha', 'mha'],
  ['.mhd', 'mhd'],
];

/** The file type named by `path`'s ending (case-insensitive), or undefined when it is none of ours. */
export function volumeFileTypeOf(path: string): VolumeFileType | undefined {
  const lower = path.toLowerCase();
  return ENDINGS.find(([ending]) => lower.endsWith(ending))?.[1];
}

/** What a format decoder hands back before the quantity is settled. */
export interface DecodedVolume {
  readonly grid: Grid3;
  /** Voxels, i fastest (index = i + nx·(j + ny·k)), in host byte order. */
  readonly data: VoxelArray;
  /** The quantity from an equidose tag in the header, when the file has one. */
  readonly taggedQuantity: Quantity | undefined;
}
