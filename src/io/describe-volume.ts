import type { Vec3 } from '../core/vec3.js';
import { type Quantity, type Volume, valueRange } from '../core/volume.js';

/**
 * The summary `equidose info --json` prints for a volume. Field names and meaning are a public interface:
 * sizes in voxels (i, j, k); spacing in mm; origin = patient LPS mm of the CENTRE of voxel (0,0,0);
 * direction = [i axis, j axis, k axis] as LPS unit vectors; min/max over all voxels (NaN ignored; null if none).
 */
export interface VolumeInfo {
  readonly size: [number, number, number];
  readonly spacingMm: [number, number, number];
  readonly originMm: [number, number, number];
  readonly direction: [Vec3, Vec3, Vec3];
  readonly min: number | null;
  readonly max: number | null;
  readonly quantity: Quantity;
  /** Human name of the file format, e.g. 'NIfTI-1 (gzip)'. */
  readonly format: string;
}

/** Summarises `volume` (one pass over the voxels for min/max). */
export function describeVolume(volume: Volume, format: string): VolumeInfo {
  const g = volume.grid;
  const { min, max } = valueRange(volume.data);
  return {
    size: [g.size[0], g.size[1], g.size[2]],
    spacingMm: [g.spacingMm[0], g.spacingMm[1], g.spacingMm[2]],
    originMm: [g.originLpsMm[0], g.originLpsMm[1], g.originLpsMm[2]],
    direction: [g.axes[0], g.axes[1], g.axes[2]],
    min: Number.isNaN(min) ? null : min,
    max: Number.isNaN(max) ? null : max,
    quantity: volume.quantity,
    format,
  };
}

/** A number for people: up to 4 decimals, trailing zeros dropped, −0 shown as 0. */
const num = (x: number): string => {
  const s = x.toFixed(4).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
};
const vec = (v: readonly number[]): string => `[${v.map(num).join(', ')}]`;

/** Label/value rows of the human-readable `equidose info` table. */
export function volumeInfoRows(info: VolumeInfo): [string, string][] {
  return [
    ['format', info.format],
    ['quantity', info.quantity],
    ['size', `${info.size.join(' × ')} voxels`],
    ['spacing', `${info.spacingMm.map(num).join(' × ')} mm`],
    ['origin', `${vec(info.originMm)} mm (LPS, centre of voxel 0,0,0)`],
    ['i axis', vec(info.direction[0])],
    ['j axis', vec(info.direction[1])],
    ['k axis', vec(info.direction[2])],
    [
      'range',
      info.min === null || info.max === null ? 'no finite values' : `${num(info.min)} … ${num(info.max)}`,
    ],
  ];
}
