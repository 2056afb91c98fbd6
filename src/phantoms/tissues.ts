/**
 * Tissue classes of the digital patients and their imaging properties.
 *
 * CT numbers are typical adult values at 120 kVp (e.g. Schneider, Pedroni, Lomax 1996, PMB 41:111, Table 2 and
 * routine clinical measurements): fat −120…−80 HU, muscle 40–50, urine 0–15, brain grey/white 35–40 / 25–30,
 * CSF 0–15, trabecular bone 150–450, cortical bone 900–1600 HU. MR values are relative T1-weighted signal
 * (fat = 1): fat bright, fatty marrow intermediate–bright, muscle and solid organs intermediate, fluids dark,
 * cortical bone and air without signal. They have no absolute scale, as in real MR.
 */

/** Tissue label values (one byte per voxel in the tissue map). */
export const Tissue = {
  AIR: 0,
  FAT: 1,
  MUSCLE: 2,
  TRABECULAR_BONE: 3,
  CORTICAL_BONE: 4,
  GAS: 5,
  URINE: 6,
  PROSTATE: 7,
  RECTAL_CONTENT: 8,
  WHITE_MATTER: 9,
  GREY_MATTER: 10,
  CSF: 11,
  VITREOUS: 12,
  LENS: 13,
  TUMOUR: 14,
} as const;
export type TissueId = (typeof Tissue)[keyof typeof Tissue];

export interface TissueProperties {
  readonly name: string;
  /** Mean CT number (HU) before per-case variation. */
  readonly meanHu: number;
  /** SD (HU) of the spatially correlated texture inside the tissue. */
  readonly textureHu: number;
  /** Mean relative T1-weighted signal (fat = 1). */
  readonly t1Rel: number;
  /** SD of the correlated MR texture, relative units. */
  readonly t1TextureRel: number;
}

/** Indexed by tissue label value. */
export const TISSUE_PROPERTIES: readonly TissueProperties[] = [
  { name: 'air', meanHu: -1000, textureHu: 0, t1Rel: 0, t1TextureRel: 0 },
  { name: 'fat', meanHu: -100, textureHu: 8, t1Rel: 1, t1TextureRel: 0.03 },
  { name: 'muscle', meanHu: 45, textureHu: 7, t1Rel: 0.38, t1TextureRel: 0.025 },
  { name: 'trabecular bone', meanHu: 260, textureHu: 70, t1Rel: 0.62, t1TextureRel: 0.08 },
  { name: 'cortical bone', meanHu: 1250, textureHu: 90, t1Rel: 0.04, t1TextureRel: 0.01 },
  { name: 'gas', meanHu: -990, textureHu: 4, t1Rel: 0, t1TextureRel: 0 },
  { name: 'urine', meanHu: 8, textureHu: 2, t1Rel: 0.12, t1TextureRel: 0.01 },
  { name: 'prostate', meanHu: 40, textureHu: 5, t1Rel: 0.33, t1TextureRel: 0.02 },
  { name: 'rectal content', meanHu: 15, textureHu: 30, t1Rel: 0.3, t1TextureRel: 0.05 },
  { name: 'white matter', meanHu: 28, textureHu: 2, t1Rel: 0.55, t1TextureRel: 0.01 },
  { name: 'grey matter', meanHu: 38, textureHu: 2, t1Rel: 0.42, t1TextureRel: 0.01 },
  { name: 'CSF', meanHu: 8, textureHu: 1, t1Rel: 0.1, t1TextureRel: 0.005 },
  { name: 'vitreous', meanHu: 10, textureHu: 1, t1Rel: 0.1, t1TextureRel: 0.005 },
  { name: 'lens', meanHu: 95, textureHu: 3, t1Rel: 0.45, t1TextureRel: 0.01 },
  { name: 'tumour', meanHu: 45, textureHu: 6, t1Rel: 0.36, t1TextureRel: 0.03 },
];

/** Tissue labels that are bone (the sCT bone error models act on these). */
export const BONE_TISSUES: readonly number[] = [Tissue.TRABECULAR_BONE, Tissue.CORTICAL_BONE];

/** Per-case multiplicative/additive variation of tissue CT numbers (drawn from the seed). */
export interface TissueHuVariation {
  /** Added to fat HU. */
  readonly fatOffsetHu: number;
  /** Multiplies trabecular-bone HU (marrow composition). */
  readonly trabecularScale: number;
  /** Multiplies cortical-bone HU (mineralisation). */
  readonly corticalScale: number;
}

/** Mean HU of every tissue label for one case (index = label value). */
export function caseMeanHu(variation: TissueHuVariation): Float64Array {
  const out = Float64Array.from(TISSUE_PROPERTIES, (t) => t.meanHu);
  out[Tissue.FAT] = (out[Tissue.FAT] as number) + variation.fatOffsetHu;
  out[Tissue.TRABECULAR_BONE] = (out[Tissue.TRABECULAR_BONE] as number) * variation.trabecularScale;
  out[Tissue.CORTICAL_BONE] = (out[Tissue.CORTICAL_BONE] as number) * variation.corticalScale;
  return out;
}
