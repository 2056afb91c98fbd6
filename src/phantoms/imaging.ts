import type { Prng } from './prng.js';
import type { Canvas } from './canvas.js';
import { biasFactors, smoothInPlane121 } from './texture.js';
import { TISSUE_PROPERTIES } from './tissues.js';

/** CT numbers the generator writes are clamped to the 12-bit CT range. */
export const CT_MIN_HU = -1024;
export const CT_MAX_HU = 3071;

/**
 * The CT of a case (HU, Float32, integer-valued like a scanner's output; memory order i fastest):
 * per-tissue mean + per-tissue correlated texture, a 1-voxel in-plane point-spread function, then white
 * quantum noise of SD `noiseHu`, rounded and clamped to [−1024, 3071].
 */
export function synthesizeCt(
  tissue: Canvas,
  meanHu: Float64Array,
  texture: Float32Array,
  noiseHu: number,
  rng: Prng,
): Float32Array {
  const textureHu = Float64Array.from(TISSUE_PROPERTIES, (t) => t.textureHu);
  const labels = tissue.data;
  const out = new Float32Array(labels.length);
  for (let n = 0; n < labels.length; n++) {
    const t = labels[n] as number;
    out[n] = (meanHu[t] as number) + (textureHu[t] as number) * (texture[n] as number);
  }
  smoothInPlane121(out, tissue.size);
  for (let n = 0; n < out.length; n++) {
    const hu = Math.round((out[n] as number) + noiseHu * rng.normal4());
    // `+ 0` turns Math.round's −0 into +0: CT numbers are plain integers (DICOM stores no signed zero).
    out[n] = (hu < CT_MIN_HU ? CT_MIN_HU : hu > CT_MAX_HU ? CT_MAX_HU : hu) + 0;
  }
  return out;
}

export interface MrOptions {
  /** Amplitude of each linear/quadratic term of the separable bias field (relative). */
  readonly biasAmplitudeRel: number;
  /** SD of the complex Gaussian noise as a fraction of the fat signal. */
  readonly noiseRel: number;
  /** Arbitrary receiver scale (MR has no absolute scale). */
  readonly scale: number;
}

/**
 * A T1-weighted-like MR (Float32, arbitrary units, memory order i fastest): per-tissue T1 signal with correlated
 * texture, the same point-spread function as the CT, a smooth multiplicative bias field, and Rician magnitude
 * noise |s + n₁ + i·n₂| (n₁, n₂ Gaussian), so air and cortical bone show a Rayleigh noise floor, not zero.
 */
export function synthesizeMr(
  tissue: Canvas,
  texture: Float32Array,
  options: MrOptions,
  rng: Prng,
): Float32Array {
  const t1 = Float64Array.from(TISSUE_PROPERTIES, (t) => t.t1Rel);
  const t1Texture = Float64Array.from(TISSUE_PROPERTIES, (t) => t.t1TextureRel);
  const labels = tissue.data;
  const [nx, ny, nz] = tissue.size;
  const out = new Float32Array(labels.length);
  for (let n = 0; n < labels.length; n++) {
    const t = labels[n] as number;
    const s = (t1[t] as number) + (t1Texture[t] as number) * (texture[n] as number);
    out[n] = s > 0 ? s : 0;
  }
  smoothInPlane121(out, tissue.size);
  const [fx, fy, fz] = biasFactors(tissue.size, options.biasAmplitudeRel, rng);
  const sigma = options.noiseRel * options.scale;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const b = options.scale * (fy[j] as number) * (fz[k] as number);
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        const s = (out[row + i] as number) * b * (fx[i] as number);
        const re = s + sigma * rng.normal4();
        const im = sigma * rng.normal4();
        out[row + i] = Math.sqrt(re * re + im * im);
      }
    }
  }
  return out;
}
