/* eslint-disable @typescript-eslint/no-non-null-assertion, complexity -- the per-voxel hot loop over typed arrays whose bounds hold by construction; one self-contained function so that worker threads can run its source text. */

/**
 * Layout of the scalar parameters of {@link doseSlab} (Float64Array): built by `doseSlabParams` in
 * pencil-beam-js.ts.
 * 0–2 nx, ny, nz · 3–5 dose origin − source (LPS mm) · 6–8, 9–11, 12–14 i/j/k steps (LPS mm) · 15–17 axis ·
 * 18–20 collimator X · 21–23 collimator Y · 24 SAD · 25–27 u0, du, nu · 28–30 v0, dv, nv · 31–33 w0, dw, nw ·
 * 34 dose scale (Gy) · 35 scatter components · 36 1/table step · 37 last table entry · 38 table stride ·
 * 39–42 aperture box x1, x2, y1, y2 · 43 accumulate (0/1) · 44 1/erf-table step · 45 index of erf(0) in the
 * signed erf table (which holds erf((n − p[45])·step), n = 0 … 2·p[45] + 1).
 */
export const DOSE_SLAB_PARAM_COUNT = 46;

/**
 * erf from the signed table at fractional index f = x/step + zero (`end` = 2·zero): no abs / sign branches,
 * saturating to ±1 beyond ±6 (erf(6) = 1 − 2e-17). A top-level function, not a closure inside doseSlab: a closure
 * is a new call target on every call of doseSlab, which deoptimised its inlined erf at the start of every beam
 * ("wrong call target"). The dose workers define it next to doseSlab (dose-slab-pool.ts).
 */
export function tabulatedErf(erf: Float64Array, f: number, end: number): number {
  if (f <= 0) return -1;
  if (f >= end) return 1;
  const n = f | 0;
  const a = erf[n]!;
  return a + (f - n) * (erf[n + 1]! - a);
}

/**
 * The aperture ⊛ primary Gaussian at iso-plane (x, y) mm: Σ over open rectangles within `reach` (6σ) of
 * ¼ [erf(x2) − erf(x1)] · [erf(y2) − erf(y1)], distances scaled by `s` (erf-table index units per mm). Rectangles
 * are in leaf-pair order: bisect to the first with y2 > y − reach, stop at y1 ≥ y + reach. A function of its own
 * (defined next to doseSlab in the workers): the voxel loop is compiled before any voxel near the field has run,
 * and keeping this branch out of it avoids a chain of deoptimisations when the field is reached.
 */
export function apertureFraction(
  rects: Float64Array,
  erf: Float64Array,
  x: number,
  y: number,
  s: number,
  reach: number,
  erfZero: number,
): number {
  const nRects = rects.length >> 2;
  const erfEnd = 2 * erfZero;
  let lo = 0;
  let hi = nRects;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rects[4 * mid + 3]! > y - reach) hi = mid;
    else lo = mid + 1;
  }
  // adjacent leaf pairs share a boundary (y2 of one = y1 of the next): reuse that erf
  let lastY2 = NaN;
  let erfLastY2 = 0;
  let sum = 0;
  for (let r = lo; r < nRects; r++) {
    const q = 4 * r;
    const y1 = rects[q + 2]!;
    if (y1 >= y + reach) break;
    const x1 = rects[q]!;
    const x2 = rects[q + 1]!;
    if (x > x1 - reach && x < x2 + reach) {
      const y2 = rects[q + 3]!;
      const erfY1 = y1 === lastY2 ? erfLastY2 : tabulatedErf(erf, (y1 - y) * s + erfZero, erfEnd);
      erfLastY2 = tabulatedErf(erf, (y2 - y) * s + erfZero, erfEnd);
      lastY2 = y2;
      const erfX2 = tabulatedErf(erf, (x2 - x) * s + erfZero, erfEnd);
      sum += (erfX2 - tabulatedErf(erf, (x1 - x) * s + erfZero, erfEnd)) * (erfLastY2 - erfY1);
    }
  }
  return 0.25 * sum;
}

/**
 * One beam's dose for dose-grid slices k ∈ [kStart, kEnd): the closed form of pencil-beam-dose.kernel.ts with
 * tabulated depth functions (`table`: [W0, σ0, W1..Wn] per depth step) and a tabulated signed erf (`erf`).
 * Self-contained (only its arguments, Math, {@link doseRow}, {@link apertureFraction} and {@link tabulatedErf}): the
 * 'js' engine runs it on the main thread and, from its source text, in worker threads over shared memory.
 */
export function doseSlab(
  p: Float64Array,
  fan: Float32Array,
  maps: Float32Array,
  rects: Float64Array,
  table: Float32Array,
  erf: Float64Array,
  out: Float32Array,
  kStart: number,
  kEnd: number,
): void {
  const ny = p[1]! | 0;
  for (let k = kStart; k < kEnd; k++)
    for (let j = 0; j < ny; j++) doseRow(p, fan, maps, rects, table, erf, out, j, k);
}

/**
 * Dose-grid row (j, k) of {@link doseSlab}. One call per row rather than one loop nest per slab: V8 then optimises
 * this function as a whole after a few rows, instead of compiling the slab's loop on the stack (OSR) before the
 * field was reached and de-optimising it there; measured 1.72–1.88 → 1.54–1.69 s for the first 7-field plan of a
 * process and 1.30 → 1.22 s warm (2 threads). The row's scalars are re-read from `p` per call (negligible).
 */
export function doseRow(
  p: Float64Array,
  fan: Float32Array,
  maps: Float32Array,
  rects: Float64Array,
  table: Float32Array,
  erf: Float64Array,
  out: Float32Array,
  j: number,
  k: number,
): void {
  const nx = p[0]! | 0;
  const ny = p[1]! | 0;
  // sizes as int32 locals: typed-array indices computed from doubles cost V8 a conversion per access (−25 %)
  const [nu, nv, nw] = [p[27]! | 0, p[30]! | 0, p[33]! | 0];
  const plane = nu * nv;
  const nc = p[35]! | 0;
  const stride = p[38]! | 0;
  const last = p[37]! | 0;
  const erfInv = p[44]!;
  const erfZero = p[45]!;
  // scalars hoisted into locals: stores into `out` could alias `p` as far as the JIT knows, so reads of p[…]
  // inside the loop would be repeated for every voxel
  const [oxs, oys, ozs] = [p[3]!, p[4]!, p[5]!];
  const [six, siy, siz, sjx, sjy, sjz, skx, sky, skz] = [
    p[6]!,
    p[7]!,
    p[8]!,
    p[9]!,
    p[10]!,
    p[11]!,
    p[12]!,
    p[13]!,
    p[14]!,
  ];
  const [ax, ay, az, cxx, cxy, cxz, cyx, cyy, cyz] = [
    p[15]!,
    p[16]!,
    p[17]!,
    p[18]!,
    p[19]!,
    p[20]!,
    p[21]!,
    p[22]!,
    p[23]!,
  ];
  const sad = p[24]!;
  const [u0, invDu, v0, invDv, w0f, invDw] = [p[25]!, 1 / p[26]!, p[28]!, 1 / p[29]!, p[31]!, 1 / p[32]!];
  const doseScale = p[34]!;
  const invStep = p[36]!;
  const [bx1, bx2, by1, by2] = [p[39]!, p[40]!, p[41]!, p[42]!];
  const accumulate = p[43]! !== 0;
  {
    let n = nx * (j + ny * k);
    let px = oxs + j * sjx + k * skx;
    let py = oys + j * sjy + k * sky;
    let pz = ozs + j * sjz + k * skz;
    for (let i = 0; i < nx; i++, n++, px += six, py += siy, pz += siz) {
      const w = px * ax + py * ay + pz * az;
      const scale = sad / w;
      const x = (px * cxx + py * cxy + pz * cxz) * scale;
      const y = (px * cyx + py * cyy + pz * cyz) * scale;
      let fu = (x - u0) * invDu;
      let fv = (y - v0) * invDv;
      let fw = (w - w0f) * invDw;
      fu = fu < 0 ? 0 : fu > nu - 1 ? nu - 1 : fu;
      fv = fv < 0 ? 0 : fv > nv - 1 ? nv - 1 : fv;
      fw = fw < 0 ? 0 : fw > nw - 1 ? nw - 1 : fw;
      const iu = Math.min(fu | 0, nu - 2);
      const iv = Math.min(fv | 0, nv - 2);
      const iw = Math.min(fw | 0, nw - 2);
      const tu = fu - iu;
      const tv = fv - iv;
      const tw = fw - iw;
      const b = iu + nu * (iv + nv * iw);
      const c00 = fan[b]! + tu * (fan[b + 1]! - fan[b]!);
      const c10 = fan[b + nu]! + tu * (fan[b + nu + 1]! - fan[b + nu]!);
      const c01 = fan[b + plane]! + tu * (fan[b + plane + 1]! - fan[b + plane]!);
      const c11 = fan[b + plane + nu]! + tu * (fan[b + plane + nu + 1]! - fan[b + plane + nu]!);
      const c0 = c00 + tv * (c10 - c00);
      const c1 = c01 + tv * (c11 - c01);
      const dRaw = c0 + tw * (c1 - c0);
      const fd = (dRaw > 0 ? dRaw : 0) * invStep;
      const id = fd < last ? fd | 0 : last - 1;
      const td = fd < last ? fd - id : 1;
      const tb = id * stride;
      const w0 = table[tb]! + td * (table[tb + stride]! - table[tb]!);
      const sigma0 = (table[tb + 1]! + td * (table[tb + stride + 1]! - table[tb + 1]!)) * scale;
      const reach = 6 * sigma0;
      const primary =
        x > bx1 - reach && x < bx2 + reach && y > by1 - reach && y < by2 + reach
          ? apertureFraction(rects, erf, x, y, erfInv / (Math.SQRT2 * sigma0), reach, erfZero)
          : 0;
      let total = w0 * primary;
      const m2 = iu + nu * iv;
      for (let c = 0; c < nc; c++) {
        const wc = table[tb + 2 + c]! + td * (table[tb + stride + 2 + c]! - table[tb + 2 + c]!);
        const mb = m2 + plane * c;
        const m0 = maps[mb]! + tu * (maps[mb + 1]! - maps[mb]!);
        const m1 = maps[mb + nu]! + tu * (maps[mb + nu + 1]! - maps[mb + nu]!);
        total += wc * (m0 + tv * (m1 - m0));
      }
      const dose = doseScale * scale * scale * total;
      out[n] = accumulate ? out[n]! + dose : dose;
    }
  }
}
