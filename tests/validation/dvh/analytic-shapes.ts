import type { Structure } from '../../../src/core/structures.js';

/**
 * Analytic test objects after Nelms et al. 2015 (Med Phys 42:4435): a sphere, a cylinder and a cone, contoured
 * on axial planes, in linear dose fields D(p) = d0 + g·(p[axis] − centre[axis]). Each shape knows its exact
 * volume and V(≥ t) = volume where the coordinate along the gradient axis ≥ t (relative to the centre).
 */
export interface AnalyticShape {
  readonly name: string;
  /** Exact volume, mm³. */
  readonly volumeMm3: number;
  /** Exact volume (mm³) with coordinate ≥ t (mm, relative to the shape centre) along axis 0 (x) or 2 (z). */
  volumeAbove(axis: 0 | 2, t: number): number;
  /** Radius (mm) of the axial cross-section at height z (relative to the centre), 0 outside. */
  radiusAt(z: number): number;
  readonly zMinMm: number;
  readonly zMaxMm: number;
}

/** Area of the part of a disc of radius r with x ≥ t. */
const segment = (r: number, t: number): number => {
  if (t >= r) return 0;
  if (t <= -r) return Math.PI * r * r;
  return r * r * Math.acos(t / r) - t * Math.sqrt(r * r - t * t);
};

/** ∫ f over [a, b] by composite Simpson with n (even) panels. */
const simpson = (f: (z: number) => number, a: number, b: number, n = 2000): number => {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let m = 1; m < n; m++) s += (m % 2 ? 4 : 2) * f(a + m * h);
  return (s * h) / 3;
};

export const sphere = (r: number): AnalyticShape => ({
  name: `sphere r=${r}mm`,
  volumeMm3: (4 / 3) * Math.PI * r ** 3,
  volumeAbove: (_axis, t) => {
    const h = Math.min(2 * r, Math.max(0, r - t));
    return (Math.PI * h * h * (3 * r - h)) / 3;
  },
  radiusAt: (z) => (Math.abs(z) < r ? Math.sqrt(r * r - z * z) : 0),
  zMinMm: -r,
  zMaxMm: r,
});

/** Cylinder along z, centred: radius r, height h. */
export const cylinder = (r: number, h: number): AnalyticShape => ({
  name: `cylinder r=${r}mm h=${h}mm`,
  volumeMm3: Math.PI * r * r * h,
  volumeAbove: (axis, t) =>
    axis === 2 ? Math.PI * r * r * Math.min(h, Math.max(0, h / 2 - t)) : h * segment(r, t),
  radiusAt: (z) => (Math.abs(z) <= h / 2 ? r : 0),
  zMinMm: -h / 2,
  zMaxMm: h / 2,
});

/** Cone along z: base radius r at z = −h/2, apex at z = +h/2 (centre = mid-height). */
export const cone = (r: number, h: number): AnalyticShape => {
  const radiusAt = (z: number): number => (z >= -h / 2 && z <= h / 2 ? (r * (h / 2 - z)) / h : 0);
  return {
    name: `cone r=${r}mm h=${h}mm`,
    volumeMm3: (Math.PI * r * r * h) / 3,
    volumeAbove: (axis, t) => {
      if (axis === 2) {
        const top = Math.min(h, Math.max(0, h / 2 - t));
        return (Math.PI * r * r * top ** 3) / (3 * h * h);
      }
      return simpson((z) => segment(radiusAt(z), t), -h / 2, h / 2);
    },
    radiusAt,
    zMinMm: -h / 2,
    zMaxMm: h / 2,
  };
};

/**
 * Axial contours of `shape` centred at `centreLps`, on planes z = centre + zOffsetMm + m·planeSpacingMm,
 * each a regular polygon of `vertices` vertices whose AREA equals the circle's (radius scaled by
 * sqrt(2π / (n·sin(2π/n)))), so polygonisation does not bias volumes.
 */
export function contourShape(
  shape: AnalyticShape,
  centreLps: readonly [number, number, number],
  planeSpacingMm: number,
  zOffsetMm = planeSpacingMm / 2,
  vertices = 96,
): Structure {
  const contours = [];
  const areaScale = Math.sqrt((2 * Math.PI) / (vertices * Math.sin((2 * Math.PI) / vertices)));
  const mFirst = Math.ceil((shape.zMinMm - zOffsetMm) / planeSpacingMm);
  const mLast = Math.floor((shape.zMaxMm - zOffsetMm) / planeSpacingMm);
  for (let m = mFirst; m <= mLast; m++) {
    const z = zOffsetMm + m * planeSpacingMm;
    const radius = shape.radiusAt(z) * areaScale;
    if (radius <= 0) continue;
    const pts = new Float64Array(3 * vertices);
    for (let v = 0; v < vertices; v++) {
      const a = (2 * Math.PI * v) / vertices;
      pts[3 * v] = centreLps[0] + radius * Math.cos(a);
      pts[3 * v + 1] = centreLps[1] + radius * Math.sin(a);
      pts[3 * v + 2] = centreLps[2] + z;
    }
    contours.push({ pointsLpsMm: pts });
  }
  return { roiNumber: 1, name: shape.name, type: 'ORGAN', contours };
}

/** Dose d (Gy) at which the analytic cumulative DVH falls to `fraction` of the volume (bisection). */
export function analyticDoseAtFraction(
  shape: AnalyticShape,
  axis: 0 | 2,
  d0: number,
  g: number,
  fraction: number,
): number {
  const target = fraction * shape.volumeMm3;
  let lo = -100;
  let hi = 100;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (shape.volumeAbove(axis, mid) > target) lo = mid;
    else hi = mid;
  }
  return d0 + g * ((lo + hi) / 2);
}
