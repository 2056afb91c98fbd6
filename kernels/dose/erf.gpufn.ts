/**
 * erf(x), Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7): the same formula as src/dose/pencil-kernel-math.ts
 * `erfAs`, registered as a gpu.js helper function (pure, no closures).
 */
export function erfApprox(x: number): number {
  const ax = Math.abs(x);
  const t = 1.0 / (1.0 + 0.3275911 * ax);
  const poly =
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  const y = 1.0 - poly * Math.exp(-ax * ax);
  if (x < 0.0) {
    return -y;
  }
  return y;
}
