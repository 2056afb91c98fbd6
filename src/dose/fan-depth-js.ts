/* eslint-disable @typescript-eslint/no-non-null-assertion, complexity -- the per-ray hot loop over typed arrays whose bounds hold by construction; one self-contained function so that worker threads can run its source text. */

/**
 * Layout of the params of {@link fanDepthRows} (Float64Array), built by `fanDepthParams` in pencil-beam-js.ts:
 * 0–11 ray geometry (`fanRayGeometry`: source in cell coordinates, A, Bu, Bv) · 12–14 u0, du, nu ·
 * 15–17 v0, dv, nv · 18–20 w0, dw, nw · 21 SAD · 22–24 CT nx, ny, nz.
 */
export const FAN_DEPTH_PARAM_COUNT = 25;

/**
 * Radiological depth (mm) of fan rows v ∈ [ivStart, ivEnd): for each ray one 3D DDA (Amanatides & Woo 1987,
 * ≡ Siddon 1985) from the first fan sample to the last, accumulating RED × path length and writing the running sum
 * at every axial sample (out[iu + nu·(iv + nv·iw)], iw ≥ 1; iw = 0 is the ray's start, depth 0). Cells outside the
 * CT have RED 0. Self-contained (only its arguments and Math), so worker threads can run its source text.
 */
export function fanDepthRows(
  p: Float64Array,
  red: Float32Array,
  out: Float32Array,
  ivStart: number,
  ivEnd: number,
): void {
  const [nu, nv, nw] = [p[14]! | 0, p[17]! | 0, p[20]! | 0]; // int32 locals: cheaper typed-array indexing
  const [nx, ny, nz] = [p[22]! | 0, p[23]! | 0, p[24]! | 0];
  const spanW = (nw - 1) * p[19]!;
  const sad = p[21]!;
  const w0 = p[18]!;
  const plane = nu * nv;
  for (let iv = ivStart; iv < ivEnd; iv++) {
    const v = p[15]! + iv * p[16]!;
    for (let iu = 0; iu < nu; iu++) {
      const u = p[12]! + iu * p[13]!;
      const rx = p[3]! + u * p[6]! + v * p[9]!;
      const ry = p[4]! + u * p[7]! + v * p[10]!;
      const rz = p[5]! + u * p[8]! + v * p[11]!;
      const ax = p[0]! + w0 * rx;
      const ay = p[1]! + w0 * ry;
      const az = p[2]! + w0 * rz;
      const dx = spanW * rx;
      const dy = spanW * ry;
      const dz = spanW * rz;
      const lengthMm = spanW * Math.sqrt(1 + (u * u + v * v) / (sad * sad));
      // cell indices as int32 (Math.floor returns a double; double-keyed typed-array loads are slower)
      let ix = Math.floor(ax) | 0;
      let iy = Math.floor(ay) | 0;
      let iz = Math.floor(az) | 0;
      const sx = dx > 0 ? 1 : -1;
      const sy = dy > 0 ? 1 : -1;
      const sz = dz > 0 ? 1 : -1;
      const tdx = dx !== 0 ? Math.abs(1 / dx) : Infinity;
      const tdy = dy !== 0 ? Math.abs(1 / dy) : Infinity;
      const tdz = dz !== 0 ? Math.abs(1 / dz) : Infinity;
      let tx = dx > 0 ? (ix + 1 - ax) * tdx : dx < 0 ? (ax - ix) * tdx : Infinity;
      let ty = dy > 0 ? (iy + 1 - ay) * tdy : dy < 0 ? (ay - iy) * tdy : Infinity;
      let tz = dz > 0 ? (iz + 1 - az) * tdz : dz < 0 ? (az - iz) * tdz : Infinity;
      let value =
        ix >= 0 && iy >= 0 && iz >= 0 && ix < nx && iy < ny && iz < nz ? red[ix + nx * (iy + ny * iz)]! : 0;
      let t = 0;
      let sum = 0;
      const base = iu + nu * iv;
      out[base] = 0;
      for (let k = 1; k < nw; k++) {
        const tSample = k / (nw - 1);
        for (;;) {
          const tCell = tx < ty ? (tx < tz ? tx : tz) : ty < tz ? ty : tz;
          if (tCell >= tSample) break;
          sum += value * (tCell - t);
          t = tCell;
          if (tx === tCell) {
            ix += sx;
            tx += tdx;
          } else if (ty === tCell) {
            iy += sy;
            ty += tdy;
          } else {
            iz += sz;
            tz += tdz;
          }
          value =
            ix >= 0 && iy >= 0 && iz >= 0 && ix < nx && iy < ny && iz < nz
              ? red[ix + nx * (iy + ny * iz)]!
              : 0;
        }
        sum += value * (tSample - t);
        t = tSample;
        out[base + plane * k] = sum * lengthMm;
      }
    }
  }
}
