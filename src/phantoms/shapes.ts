import { type Vec3, cross3, normalize3 } from '../core/vec3.js';
import { type Canvas, type OverwriteTable, indexRange } from './canvas.js';

/**
 * Analytic shapes of the digital patients, and painters that rasterise them by voxel-centre sampling over their
 * bounding boxes only. All positions in patient LPS mm.
 */

/**
 * A superellipsoid: inside where Σ_l (u_l / r_l)^(2·power) ≤ 1, u_l being the offset from the centre along local
 * axis l. power = 1 is an ellipsoid; 2, 3 give progressively boxier shapes (vertebral bodies, skull base).
 */
export interface Ellipsoid {
  readonly centreMm: Vec3;
  readonly radiiMm: Vec3;
  /** Orthonormal local axes in LPS (default: the LPS axes). */
  readonly axes?: readonly [Vec3, Vec3, Vec3];
  /** Integer ≥ 1 (default 1). */
  readonly power?: number;
  /** Optional clip: only voxels with zMinMm ≤ z ≤ zMaxMm (LPS S) are inside. */
  readonly zMinMm?: number;
  readonly zMaxMm?: number;
}

/** One cross-section of a tube that runs along S: an (super)ellipse centred at (cx, cy) at height z. */
export interface TubeKnot {
  readonly zMm: number;
  readonly cxMm: number;
  readonly cyMm: number;
  readonly rxMm: number;
  readonly ryMm: number;
}

/** A tube along S whose cross-section is interpolated linearly between knots (z strictly increasing). */
export interface ZTube {
  readonly knots: readonly TubeKnot[];
  readonly power?: number;
  /** Optional clip on the P coordinate (mandible arcs, half-shells). */
  readonly yMinMm?: number;
  readonly yMaxMm?: number;
}

/** The same ellipsoid with every radius reduced by `mm` (an inner shell boundary). */
export const shrinkEllipsoid = (e: Ellipsoid, mm: number): Ellipsoid => ({
  ...e,
  radiiMm: [e.radiiMm[0] - mm, e.radiiMm[1] - mm, e.radiiMm[2] - mm],
});

/** The same tube with every cross-section radius reduced by `mm`. */
export const shrinkTube = (t: ZTube, mm: number): ZTube => ({
  ...t,
  knots: t.knots.map((q) => ({ ...q, rxMm: q.rxMm - mm, ryMm: q.ryMm - mm })),
});

/** A prolate ellipsoid (rod) from p0 to p1 with the given cross-section radius. */
export function rodBetween(p0: Vec3, p1: Vec3, radiusMm: number): Ellipsoid {
  const d: Vec3 = [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
  const len = Math.hypot(d[0], d[1], d[2]);
  const u: Vec3 = [d[0] / len, d[1] / len, d[2] / len];
  // Any vector not parallel to u gives the other two axes.
  const helper: Vec3 = Math.abs(u[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const v = normalize3(cross3(u, helper));
  const w = cross3(u, v);
  return {
    centreMm: [(p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2, (p0[2] + p1[2]) / 2],
    radiiMm: [len / 2 + radiusMm * 0.5, radiusMm, radiusMm],
    axes: [u, v, w],
  };
}

/** Local axes rotated about S by `deg` (counter-clockwise seen from the head, L towards P), then about the new first axis by `tiltDeg`. */
export function axesRotatedZ(deg: number, tiltDeg = 0): readonly [Vec3, Vec3, Vec3] {
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const a: Vec3 = [c, s, 0];
  const b0: Vec3 = [-s, c, 0];
  const q = (tiltDeg * Math.PI) / 180;
  const cq = Math.cos(q);
  const sq = Math.sin(q);
  const b: Vec3 = [b0[0] * cq, b0[1] * cq, sq];
  const z: Vec3 = [-b0[0] * sq, -b0[1] * sq, cq];
  return [a, b, z];
}

/**
 * Paints `value` into every voxel whose centre is inside `e` and whose current value the table allows.
 * Cost: the voxels of the shape's bounding box.
 */
export function paintEllipsoid(canvas: Canvas, e: Ellipsoid, value: number, allowed: OverwriteTable): void {
  const axes = e.axes ?? IDENTITY;
  const power = e.power ?? 1;
  const [r0, r1, r2] = e.radiiMm;
  if (!(r0 > 0 && r1 > 0 && r2 > 0)) return;
  const { lo, hi } = ellipsoidIndexBox(canvas, e, axes, power);
  const [nx, ny] = canvas.size;
  const [dx, dy, dz] = canvas.spacingMm;
  const [ox, oy, oz] = canvas.originLpsMm;
  const [u, v, w] = axes;
  // Local coordinates scaled by 1/r, so the inside test is a plain sum of squares.
  const ux = u[0] / r0, uy = u[1] / r0, uz = u[2] / r0; // prettier-ignore
  const vx = v[0] / r1, vy = v[1] / r1, vz = v[2] / r1; // prettier-ignore
  const wx = w[0] / r2, wy = w[1] / r2, wz = w[2] / r2; // prettier-ignore
  const data = canvas.data;
  for (let k = lo[2] as number; k <= (hi[2] as number); k++) {
    const pz = oz + k * dz - e.centreMm[2];
    for (let j = lo[1] as number; j <= (hi[1] as number); j++) {
      const py = oy + j * dy - e.centreMm[1];
      const bu = uy * py + uz * pz;
      const bv = vy * py + vz * pz;
      const bw = wy * py + wz * pz;
      const row = nx * (j + ny * k);
      for (let i = lo[0] as number; i <= (hi[0] as number); i++) {
        const px = ox + i * dx - e.centreMm[0];
        const a = bu + ux * px;
        const b = bv + vx * px;
        const c = bw + wx * px;
        const q = power === 1 ? a * a + b * b + c * c : superSum(a * a, b * b, c * c, power);
        if (q <= 1 && allowed[data[row + i] as number] === 1) data[row + i] = value;
      }
    }
  }
}

/** Paints `value` inside a tube along S (per slice: a superellipse), where the table allows. */
export function paintTube(canvas: Canvas, tube: ZTube, value: number, allowed: OverwriteTable): void {
  const knots = tube.knots;
  const first = knots[0];
  const last = knots[knots.length - 1];
  if (!first || !last) return;
  const [nx, ny] = canvas.size;
  const [dx, dy, dz] = canvas.spacingMm;
  const [ox, oy, oz] = canvas.originLpsMm;
  const power = tube.power ?? 1;
  const [k0, k1] = indexRange(canvas, 2, first.zMm, last.zMm);
  const data = canvas.data;
  let seg = 0;
  for (let k = k0; k <= k1; k++) {
    const z = oz + k * dz;
    const section = tubeSection(knots, z, seg);
    seg = section.seg;
    const { cx, cy, rx, ry } = section;
    if (!(rx > 0 && ry > 0)) continue;
    const [i0, i1] = indexRange(canvas, 0, cx - rx, cx + rx);
    const [j0, j1] = indexRange(
      canvas,
      1,
      Math.max(cy - ry, tube.yMinMm ?? -Infinity),
      Math.min(cy + ry, tube.yMaxMm ?? Infinity),
    );
    for (let j = j0; j <= j1; j++) {
      const qy = (oy + j * dy - cy) / ry;
      const row = nx * (j + ny * k);
      for (let i = i0; i <= i1; i++) {
        const qx = (ox + i * dx - cx) / rx;
        const q = power === 1 ? qx * qx + qy * qy : superSum(qx * qx, qy * qy, 0, power);
        if (q <= 1 && allowed[data[row + i] as number] === 1) data[row + i] = value;
      }
    }
  }
}

/** Inclusive voxel index box of an ellipsoid's bounding box (exact for power 1, conservative above), z-clipped. */
function ellipsoidIndexBox(
  canvas: Canvas,
  e: Ellipsoid,
  axes: readonly [Vec3, Vec3, Vec3],
  power: number,
): { lo: number[]; hi: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let d = 0; d < 3; d++) {
    let ext = 0;
    for (let l = 0; l < 3; l++) {
      const a = ((axes[l] as Vec3)[d] as number) * (e.radiiMm[l] as number);
      ext += power === 1 ? a * a : Math.abs(a);
    }
    ext = power === 1 ? Math.sqrt(ext) : ext;
    const c = e.centreMm[d] as number;
    const minMm = d === 2 ? Math.max(c - ext, e.zMinMm ?? -Infinity) : c - ext;
    const maxMm = d === 2 ? Math.min(c + ext, e.zMaxMm ?? Infinity) : c + ext;
    const [a, b] = indexRange(canvas, d as 0 | 1 | 2, minMm, maxMm);
    lo.push(a);
    hi.push(b);
  }
  return { lo, hi };
}

/** Cross-section of a tube at height z (linear between knots; `seg` is the knot interval to start from). */
function tubeSection(
  knots: readonly TubeKnot[],
  z: number,
  seg: number,
): { seg: number; cx: number; cy: number; rx: number; ry: number } {
  let s = seg;
  while (s < knots.length - 2 && (knots[s + 1] as TubeKnot).zMm < z) s++;
  const a = knots[s] as TubeKnot;
  const b = knots[Math.min(s + 1, knots.length - 1)] as TubeKnot;
  const t = b.zMm > a.zMm ? Math.min(1, Math.max(0, (z - a.zMm) / (b.zMm - a.zMm))) : 0;
  return {
    seg: s,
    cx: a.cxMm + t * (b.cxMm - a.cxMm),
    cy: a.cyMm + t * (b.cyMm - a.cyMm),
    rx: a.rxMm + t * (b.rxMm - a.rxMm),
    ry: a.ryMm + t * (b.ryMm - a.ryMm),
  };
}

function superSum(a2: number, b2: number, c2: number, power: number): number {
  let a = a2;
  let b = b2;
  let c = c2;
  for (let n = 1; n < power; n++) {
    a *= a2;
    b *= b2;
    c *= c2;
  }
  return a + b + c;
}

const IDENTITY: readonly [Vec3, Vec3, Vec3] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
