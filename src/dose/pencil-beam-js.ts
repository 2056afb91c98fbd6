/* eslint-disable @typescript-eslint/no-non-null-assertion -- hot loops over typed arrays whose bounds hold by construction (fan and grid sizes); checked indexing would cost here. */
import type { Grid3 } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import type { BeamSetup } from './beam-setup.js';
import { depthWeights, type Machine, primarySigmaMm } from './machine.js';
import { erfAs } from './pencil-kernel-math.js';
import { segmentParams } from './pencil-beam-gpu.js';

/**
 * The plain-TypeScript engine ('js' backend): the kernels' algorithm, written the CPU-friendly way.
 * - Radiological depth: ONE 3D DDA per fan ray that accumulates across samples (O(cells + samples) per ray),
 *   where the gather-style kernels need a segment pass plus a prefix sum.
 * - Scatter maps: separable per rectangle (erf per column and per row, then products).
 * - Dose: the same per-voxel closed form as pencil-beam-dose.kernel.ts, float64 arithmetic, float32 output.
 */

/** One axis of a 3D DDA: current cell, its step, the parameter of the next crossing and the spacing of crossings. */
interface DdaAxis {
  cell: number;
  readonly step: number;
  next: number;
  readonly delta: number;
}

function ddaAxis(a: number, d: number): DdaAxis {
  const cell = Math.floor(a);
  const delta = d !== 0 ? Math.abs(1 / d) : Infinity;
  const next = d > 0 ? (cell + 1 - a) * delta : d < 0 ? (a - cell) * delta : Infinity;
  return { cell, step: d > 0 ? 1 : -1, next, delta };
}

/**
 * Radiological path along ONE ray a + t·d (cell coordinates, t ∈ [0, 1]), written at `samples` equally spaced
 * values of t (t = k / (samples − 1), k ≥ 1) into out[base + stride·k] (× lengthMm). Cells outside the grid are 0.
 */
function traceRayCumulative(
  red: Volume<'RED', Float32Array>,
  start: readonly [number, number, number],
  dir: readonly [number, number, number],
  lengthMm: number,
  samples: number,
  out: Float32Array,
  base: number,
  stride: number,
): void {
  const [nx, ny, nz] = red.grid.size;
  const data = red.data;
  const axes = [ddaAxis(start[0], dir[0]), ddaAxis(start[1], dir[1]), ddaAxis(start[2], dir[2])] as const;
  const [ax, ay, az] = axes;
  const valueHere = (): number =>
    ax.cell >= 0 && ay.cell >= 0 && az.cell >= 0 && ax.cell < nx && ay.cell < ny && az.cell < nz
      ? data[ax.cell + nx * (ay.cell + ny * az.cell)]!
      : 0;
  let value = valueHere();
  let t = 0;
  let sum = 0;
  for (let k = 1; k < samples; k++) {
    const tSample = k / (samples - 1);
    for (;;) {
      const first = ax.next < ay.next ? (ax.next < az.next ? ax : az) : ay.next < az.next ? ay : az;
      if (first.next >= tSample) break;
      sum += value * (first.next - t);
      t = first.next;
      first.cell += first.step;
      first.next += first.delta;
      value = valueHere();
    }
    sum += value * (tSample - t);
    t = tSample;
    out[base + stride * k] = sum * lengthMm;
  }
}

/** Fan-grid radiological depth (mm): one cumulative DDA per ray. Layout u fastest, then v, then w. */
export function fanDepthJs(red: Volume<'RED', Float32Array>, setup: BeamSetup): Float32Array {
  const { nu, nv, nw, u0Mm, duMm, v0Mm, dvMm, w0Mm, dwMm } = setup.fan;
  const { params: p } = segmentParams(red.grid, setup);
  const out = new Float32Array(nu * nv * nw);
  const spanW = (nw - 1) * dwMm;
  const sad = setup.frame.sadMm;
  for (let iv = 0; iv < nv; iv++) {
    const v = v0Mm + iv * dvMm;
    for (let iu = 0; iu < nu; iu++) {
      const u = u0Mm + iu * duMm;
      // ray direction in cell coordinates per mm of axial distance: A + u·Bu + v·Bv (segmentParams layout)
      const r = [0, 1, 2].map((d) => p[3 + d]! + u * p[6 + d]! + v * p[9 + d]!) as [number, number, number];
      const start = [0, 1, 2].map((d) => p[d]! + w0Mm * r[d]!) as [number, number, number];
      const dir = r.map((x) => spanW * x) as [number, number, number];
      const lengthMm = spanW * Math.sqrt(1 + (u * u + v * v) / (sad * sad));
      traceRayCumulative(red, start, dir, lengthMm, nw, out, iu + nu * iv, nu * nv);
    }
  }
  return out;
}

/** Scatter maps, separable per rectangle. Layout u fastest, then v, then component. */
export function scatterMapsJs(setup: BeamSetup, machine: Machine): Float32Array {
  const { nu, nv, u0Mm, duMm, v0Mm, dvMm } = setup.fan;
  const rects = setup.rectsIsoMm;
  const nr = rects.length / 4;
  const out = new Float32Array(nu * nv * machine.scatter.length);
  const fx = new Float64Array(nu);
  const fy = new Float64Array(nv);
  machine.scatter.forEach((c, n) => {
    const s = 1 / (Math.SQRT2 * c.sigmaIsoMm);
    const acc = new Float64Array(nu * nv);
    for (let r = 0; r < nr; r++) {
      for (let iu = 0; iu < nu; iu++) {
        const u = u0Mm + iu * duMm;
        fx[iu] = 0.5 * (erfAs((rects[4 * r + 1]! - u) * s) - erfAs((rects[4 * r]! - u) * s));
      }
      for (let iv = 0; iv < nv; iv++) {
        const v = v0Mm + iv * dvMm;
        fy[iv] = 0.5 * (erfAs((rects[4 * r + 3]! - v) * s) - erfAs((rects[4 * r + 2]! - v) * s));
      }
      for (let iv = 0; iv < nv; iv++) {
        const y = fy[iv]!;
        if (y === 0) continue;
        for (let iu = 0; iu < nu; iu++) acc[iu + nu * iv]! += fx[iu]! * y;
      }
    }
    out.set(acc, nu * nv * n);
  });
  return out;
}

/** Bounding box [x1, x2, y1, y2] (iso mm) of the open rectangles; empty apertures give an empty box. */
function apertureBounds(rects: Float64Array): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let r = 0; r + 3 < rects.length; r += 4) {
    box[0] = Math.min(box[0], rects[r]!);
    box[1] = Math.max(box[1], rects[r + 1]!);
    box[2] = Math.min(box[2], rects[r + 2]!);
    box[3] = Math.max(box[3], rects[r + 3]!);
  }
  return box;
}

/** Depth-function table step (mm): linear interpolation error h²/8·|W0''| ≤ 1e-4 of W0 in the build-up. */
export const DEPTH_TABLE_STEP_MM = 0.1;

/**
 * W0(d), σ0(d) and each scatter Wc(d) tabulated every DEPTH_TABLE_STEP_MM up to the largest depth on the fan
 * (interleaved: [W0, σ0, W1..Wn] per entry), so the voxel loop does table lookups instead of 2 + n exp and a sqrt.
 */
function depthTable(
  machine: Machine,
  fanDepthMm: Float32Array,
): { table: Float64Array; stride: number; invStep: number; last: number } {
  let maxDepth = 0;
  for (let n = 0; n < fanDepthMm.length; n++) if (fanDepthMm[n]! > maxDepth) maxDepth = fanDepthMm[n]!;
  const entries = Math.ceil(maxDepth / DEPTH_TABLE_STEP_MM) + 2;
  const stride = 2 + machine.scatter.length;
  const table = new Float64Array(entries * stride);
  for (let e = 0; e < entries; e++) {
    const d = e * DEPTH_TABLE_STEP_MM;
    const w = depthWeights(machine, d);
    table[e * stride] = w.primary;
    table[e * stride + 1] = primarySigmaMm(machine, d);
    w.scatter.forEach((v, c) => (table[e * stride + 2 + c] = v));
  }
  return { table, stride, invStep: 1 / DEPTH_TABLE_STEP_MM, last: entries - 1 };
}

const clamp = (f: number, hi: number): number => (f < 0 ? 0 : f > hi ? hi : f);

/** erf table for the voxel loop: step 1e-3 on [0, 6], linear interpolation (error ≤ h²/8·max|erf''| ≈ 1.2e-7,
 * the same size as A&S 7.1.26's own error); erf(x ≥ 6) = 1 to 2e-17. */
const ERF_TABLE_STEP = 1e-3;
const ERF_TABLE = Float64Array.from({ length: 6002 }, (_, n) => erfAs(n * ERF_TABLE_STEP));
const ERF_TABLE_LAST = 6000;

function erfTable(x: number): number {
  const ax = x < 0 ? -x : x;
  const f = ax * (1 / ERF_TABLE_STEP);
  let y: number;
  if (f >= ERF_TABLE_LAST) y = 1;
  else {
    const n = f | 0;
    const a = ERF_TABLE[n]!;
    y = a + (f - n) * (ERF_TABLE[n + 1]! - a);
  }
  return x < 0 ? -y : y;
}

/**
 * Σ over open rectangles of the primary Gaussian fraction at (x, y). Rectangles are in leaf-pair order (y1
 * increasing, disjoint in y), so only those whose y-interval is within `reach` of y are visited (binary search).
 */
function primaryFraction(rects: Float64Array, x: number, y: number, s: number, reach: number): number {
  const n = rects.length >> 2;
  let lo = 0;
  let hi = n;
  // first rectangle with y2 > y − reach
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rects[4 * mid + 3]! > y - reach) hi = mid;
    else lo = mid + 1;
  }
  let primary = 0;
  for (let r = lo; r < n; r++) {
    const b = 4 * r;
    const y1 = rects[b + 2]!;
    if (y1 >= y + reach) break;
    const x1 = rects[b]!;
    const x2 = rects[b + 1]!;
    if (x > x1 - reach && x < x2 + reach) {
      const y2 = rects[b + 3]!;
      primary +=
        0.25 *
        (erfTable((x2 - x) * s) - erfTable((x1 - x) * s)) *
        (erfTable((y2 - y) * s) - erfTable((y1 - y) * s));
    }
  }
  return primary;
}

/** One beam's dose (Gy, float32) on `doseGrid`: the per-voxel closed form of pencil-beam-dose.kernel.ts. */
export function beamDoseJs(
  doseGrid: Grid3,
  setup: BeamSetup,
  machine: Machine,
  fanDepthMm: Float32Array,
  scatterMaps: Float32Array,
  out: Float32Array = new Float32Array(doseGrid.size[0] * doseGrid.size[1] * doseGrid.size[2]),
  accumulate = false,
): Float32Array {
  const [nx, ny, nz] = doseGrid.size;
  const { frame, fan } = setup;
  const { nu, nv, nw } = fan;
  const sad = frame.sadMm;
  const [ax, ay, az] = frame.axisLps;
  const [cxx, cxy, cxz] = frame.collXLps;
  const [cyx, cyy, cyz] = frame.collYLps;
  const nc = machine.scatter.length;
  const { table, stride, invStep, last } = depthTable(machine, fanDepthMm);
  const rects = setup.rectsIsoMm;
  const [bx1, bx2, by1, by2] = apertureBounds(rects);
  const plane = nu * nv;
  const step = (d: 0 | 1 | 2): number[] => doseGrid.axes[d].map((x) => x * doseGrid.spacingMm[d]);
  const [si, sj, sk] = [step(0), step(1), step(2)];
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      // row start relative to the source; i advances by si
      let px = doseGrid.originLpsMm[0] + j * sj[0]! + k * sk[0]! - frame.sourceLpsMm[0];
      let py = doseGrid.originLpsMm[1] + j * sj[1]! + k * sk[1]! - frame.sourceLpsMm[1];
      let pz = doseGrid.originLpsMm[2] + j * sj[2]! + k * sk[2]! - frame.sourceLpsMm[2];
      for (let i = 0; i < nx; i++, n++, px += si[0]!, py += si[1]!, pz += si[2]!) {
        const w = px * ax + py * ay + pz * az;
        const scale = sad / w;
        const x = (px * cxx + py * cxy + pz * cxz) * scale;
        const y = (px * cyx + py * cyy + pz * cyz) * scale;
        let fu = (x - fan.u0Mm) / fan.duMm;
        let fv = (y - fan.v0Mm) / fan.dvMm;
        let fw = (w - fan.w0Mm) / fan.dwMm;
        fu = clamp(fu, nu - 1);
        fv = clamp(fv, nv - 1);
        fw = clamp(fw, nw - 1);
        const iu = Math.min(Math.floor(fu), nu - 2);
        const iv = Math.min(Math.floor(fv), nv - 2);
        const iw = Math.min(Math.floor(fw), nw - 2);
        const tu = fu - iu;
        const tv = fv - iv;
        const tw = fw - iw;
        const b = iu + nu * (iv + nv * iw);
        const c00 = fanDepthMm[b]! + tu * (fanDepthMm[b + 1]! - fanDepthMm[b]!);
        const c10 = fanDepthMm[b + nu]! + tu * (fanDepthMm[b + nu + 1]! - fanDepthMm[b + nu]!);
        const c01 = fanDepthMm[b + plane]! + tu * (fanDepthMm[b + plane + 1]! - fanDepthMm[b + plane]!);
        const c11 =
          fanDepthMm[b + plane + nu]! + tu * (fanDepthMm[b + plane + nu + 1]! - fanDepthMm[b + plane + nu]!);
        const c0 = c00 + tv * (c10 - c00);
        const c1 = c01 + tv * (c11 - c01);
        const d = Math.max(0, c0 + tw * (c1 - c0));
        // depth functions from the table (linear interpolation at 0.1 mm)
        const fd = d * invStep;
        const id = fd < last ? Math.floor(fd) : last - 1;
        const td = fd < last ? fd - id : 1;
        const tb = id * stride;
        const w0 = table[tb]! + td * (table[tb + stride]! - table[tb]!);
        const sigma0 = (table[tb + 1]! + td * (table[tb + stride + 1]! - table[tb + 1]!)) * scale;
        const s = 1 / (Math.SQRT2 * sigma0);
        const reach = 6 * sigma0;
        let total =
          x > bx1 - reach && x < bx2 + reach && y > by1 - reach && y < by2 + reach
            ? w0 * primaryFraction(rects, x, y, s, reach)
            : 0;
        const m = iu + nu * iv;
        for (let c = 0; c < nc; c++) {
          const wc = table[tb + 2 + c]! + td * (table[tb + stride + 2 + c]! - table[tb + 2 + c]!);
          const mb = m + plane * c;
          const m0 = scatterMaps[mb]! + tu * (scatterMaps[mb + 1]! - scatterMaps[mb]!);
          const m1 = scatterMaps[mb + nu]! + tu * (scatterMaps[mb + nu + 1]! - scatterMaps[mb + nu]!);
          total += wc * (m0 + tv * (m1 - m0));
        }
        const dose = setup.doseScaleGy * scale * scale * total;
        out[n] = accumulate ? out[n]! + dose : dose;
      }
    }
  return out;
}
