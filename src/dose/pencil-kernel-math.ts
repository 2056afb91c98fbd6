/**
 * Closed forms shared by the float64 reference and the plain-TS engine (the gpu.js kernels carry their own
 * copies, since kernel functions cannot import).
 */

/**
 * erf(x), Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7). The same formula runs in every backend, so backend
 * parity is not blurred by different erf implementations; 1.5e-7 is far below the float32 tolerances.
 */
export function erfAs(x: number): number {
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-ax * ax);
  return x < 0 ? -y : y;
}

/**
 * Fraction of a unit-area 1D Gaussian (σ, mm) centred at `x` that falls in [a, b] (mm):
 * ½ [erf((b − x)/(√2σ)) − erf((a − x)/(√2σ))]. With a sum-of-Gaussians lateral kernel the convolution of a
 * rectangular opening is the product of two such factors (one per collimator axis).
 */
export function gaussianIntervalFraction(x: number, a: number, b: number, sigmaMm: number): number {
  const s = 1 / (Math.SQRT2 * sigmaMm);
  return 0.5 * (erfAs((b - x) * s) - erfAs((a - x) * s));
}

/**
 * Σ over open rectangles [x1, x2] × [y1, y2] (iso-plane mm, 4 numbers per rectangle) of the 2D Gaussian
 * fraction at (x, y): the aperture fluence convolved with an isotropic Gaussian of width σ (iso-plane mm).
 */
export function apertureGaussianFraction(
  rectsIsoMm: ArrayLike<number>,
  xIsoMm: number,
  yIsoMm: number,
  sigmaIsoMm: number,
): number {
  let sum = 0;
  for (let r = 0; r + 3 < rectsIsoMm.length; r += 4) {
    sum +=
      gaussianIntervalFraction(xIsoMm, rectsIsoMm[r] as number, rectsIsoMm[r + 1] as number, sigmaIsoMm) *
      gaussianIntervalFraction(yIsoMm, rectsIsoMm[r + 2] as number, rectsIsoMm[r + 3] as number, sigmaIsoMm);
  }
  return sum;
}
