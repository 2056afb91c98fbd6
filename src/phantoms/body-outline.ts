import { type Canvas, indexRange } from './canvas.js';

/** Angular samples of a radial body outline (0.5° steps). */
export const OUTLINE_ANGLES = 720;

/** One axial cross-section of a star-shaped body: centre and radius (mm) per angle, for skin and for the fat/muscle interface. */
export interface OutlineSlice {
  readonly cxMm: number;
  readonly cyMm: number;
  /** Skin radius per angle; angle index a ↔ θ = −π + 2π·a / OUTLINE_ANGLES, θ = atan2(y − cy, x − cx). */
  readonly outerMm: Float64Array;
  /** Radius of the fat/muscle interface per angle (≤ outerMm). */
  readonly innerMm: Float64Array;
}

/**
 * Paints a star-shaped body slice by slice: `outerValue` between the two radii, `innerValue` inside the inner
 * one. atan2 is evaluated only in the annulus where the radii vary; the core and the outside are decided by
 * squared distance alone.
 */
export function paintRadialBody(
  canvas: Canvas,
  sliceAt: (zMm: number) => OutlineSlice | undefined,
  outerValue: number,
  innerValue: number,
): void {
  const [nx, ny, nz] = canvas.size;
  const [dx, dy, dz] = canvas.spacingMm;
  const [ox, oy, oz] = canvas.originLpsMm;
  const data = canvas.data;
  const toIndex = OUTLINE_ANGLES / (2 * Math.PI);
  for (let k = 0; k < nz; k++) {
    const s = sliceAt(oz + k * dz);
    if (!s) continue;
    const { min: rInMin } = extent(s.innerMm);
    const { max: rOutMax } = extent(s.outerMm);
    const inner2 = rInMin * rInMin;
    const outer2 = rOutMax * rOutMax;
    const [i0, i1] = indexRange(canvas, 0, s.cxMm - rOutMax, s.cxMm + rOutMax);
    const [j0, j1] = indexRange(canvas, 1, s.cyMm - rOutMax, s.cyMm + rOutMax);
    for (let j = j0; j <= j1; j++) {
      const py = oy + j * dy - s.cyMm;
      const row = nx * (j + ny * k);
      for (let i = i0; i <= i1; i++) {
        const px = ox + i * dx - s.cxMm;
        const r2 = px * px + py * py;
        if (r2 > outer2) continue;
        if (r2 < inner2) {
          data[row + i] = innerValue;
          continue;
        }
        const a = Math.round((Math.atan2(py, px) + Math.PI) * toIndex) % OUTLINE_ANGLES;
        const r = Math.sqrt(r2);
        if (r <= (s.innerMm[a] as number)) data[row + i] = innerValue;
        else if (r <= (s.outerMm[a] as number)) data[row + i] = outerValue;
      }
    }
  }
}

function extent(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** θ (rad) of angle index a. */
export const outlineAngle = (a: number): number => -Math.PI + (2 * Math.PI * a) / OUTLINE_ANGLES;

/** Radius of the superellipse |x/a|^n + |y/b|^n = 1 in direction θ. */
export function superellipseRadius(theta: number, a: number, b: number, n: number): number {
  const c = Math.abs(Math.cos(theta)) / a;
  const s = Math.abs(Math.sin(theta)) / b;
  return Math.pow(Math.pow(c, n) + Math.pow(s, n), -1 / n);
}
