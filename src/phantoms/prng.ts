/**
 * Seeded pseudo-random numbers for the phantoms: bit-identical on every platform and Node version.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean to 2^60 bytes), seeded by
 * splitmix32. Only 32-bit integer arithmetic (Math.imul, shifts, xor) and exact float64 scaling are used, so no
 * result depends on a platform's libm. Never use Math.random in the phantoms.
 */

/** splitmix32 finaliser: a bijective 32-bit mix (used to expand seeds into generator state). */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units: names a random stream deterministically. */
export function hashString32(text: string): number {
  let h = 0x811c9dc5;
  for (let n = 0; n < text.length; n++) h = Math.imul(h ^ text.charCodeAt(n), 0x01000193);
  return h >>> 0;
}

/** A seeded stream of uniform 32-bit integers and derived variates. Not cryptographic. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed any integer (only its low 32 bits are used)
   * @param stream a name that makes an independent stream from the same seed (e.g. 'anatomy', 'ct-noise')
   */
  constructor(seed: number, stream = '') {
    const s = seed >>> 0;
    const h = hashString32(stream);
    this.a = mix32(s ^ 0x243f6a88);
    this.b = mix32(h ^ 0x85a308d3);
    this.c = mix32((s + h) ^ 0x13198a2e);
    this.d = 1;
    for (let n = 0; n < 12; n++) this.nextUint32();
  }

  /** Next uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /**
   * Approximately standard normal: the centred, scaled sum of the four bytes of one 32-bit draw (Irwin–Hall,
   * n = 4; kurtosis 2.7 vs 3, support ±3.46). Cheap and libm-free, which is what per-voxel noise needs.
   */
  normal4(): number {
    const u = this.nextUint32();
    const sum = (u & 255) + ((u >>> 8) & 255) + ((u >>> 16) & 255) + (u >>> 24);
    // Mean 510, variance 4 · (256² − 1) / 12.
    return (sum - 510) * NORMAL4_SCALE;
  }

  /** Approximately standard normal from 12 uniforms (Irwin–Hall, n = 12): for anatomy parameters. */
  normal12(): number {
    let sum = 0;
    for (let n = 0; n < 12; n++) sum += this.uniform();
    return sum - 6;
  }

  /** Normal with mean and SD, truncated to mean ± 2.5 SD (anatomy stays plausible). */
  gauss(mean: number, sd: number): number {
    const z = Math.max(-2.5, Math.min(2.5, this.normal12()));
    return mean + sd * z;
  }
}

const NORMAL4_SCALE = 1 / Math.sqrt((4 * (256 * 256 - 1)) / 12);
