import { InputError } from '../core/errors.js';
import type { Beam } from './plan.js';

/**
 * The open aperture of a beam as disjoint rectangles in the isocentre plane (collimator frame, mm):
 * jaws ∩ MLC. Without an MLC it is the jaw rectangle; with one, each leaf pair k contributes
 * [max(xA, X1), min(xB, X2)] × [max(b_k, Y1), min(b_{k+1}, Y2)] when both intervals are non-empty.
 * Leaf pairs are disjoint along Y, so the rectangles never overlap and their Gaussian fractions simply add.
 */
export function apertureRectsIsoMm(beam: Pick<Beam, 'jawsMm' | 'mlc' | 'name'>): Float64Array {
  const { x1, x2, y1, y2 } = beam.jawsMm;
  if (!(x1 < x2) || !(y1 < y2))
    throw new InputError(
      `beam '${beam.name}': jaws need x1 < x2 and y1 < y2, got ${JSON.stringify(beam.jawsMm)}`,
    );
  if (beam.mlc === undefined) return Float64Array.of(x1, x2, y1, y2);
  const { leafBoundariesMm: b, leafPairsMm: pairs } = beam.mlc;
  if (b.length !== pairs.length + 1)
    throw new InputError(
      `beam '${beam.name}': MLC has ${pairs.length} leaf pairs but ${b.length} boundaries (need pairs + 1)`,
    );
  const out: number[] = [];
  pairs.forEach(([xa, xb], k) => {
    const b0 = b[k] as number;
    const b1 = b[k + 1] as number;
    if (!(b1 > b0))
      throw new InputError(`beam '${beam.name}': MLC leaf boundaries must increase (index ${k + 1})`);
    if (!(xb >= xa)) throw new InputError(`beam '${beam.name}': MLC leaf pair ${k} has xA ${xa} > xB ${xb}`);
    const rx1 = Math.max(xa, x1);
    const rx2 = Math.min(xb, x2);
    const ry1 = Math.max(b0, y1);
    const ry2 = Math.min(b1, y2);
    if (rx2 > rx1 && ry2 > ry1) out.push(rx1, rx2, ry1, ry2);
  });
  return Float64Array.from(out);
}

/** Open area of the aperture at the isocentre plane (mm²). */
export function apertureAreaMm2(rects: ArrayLike<number>): number {
  let a = 0;
  for (let r = 0; r + 3 < rects.length; r += 4)
    a +=
      ((rects[r + 1] as number) - (rects[r] as number)) *
      ((rects[r + 3] as number) - (rects[r + 2] as number));
  return a;
}
