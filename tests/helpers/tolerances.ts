/**
 * Every tolerance the tests use, named and argued in one place. A test that needs a new one adds it here
 * with a one-line justification; tolerances are physics or arithmetic tolerances, never "whatever passes".
 */

/** Geometry: positions computed in float64 from DICOM/NIfTI headers agree to far below a micrometre. */
export const GEOMETRY_TOLERANCE_MM = 1e-6;

/** Direction cosines from file headers: stored as float32 in NIfTI quaternions, ~1e-7 relative. */
export const DIRECTION_TOLERANCE = 1e-6;

// --- Volume I/O (issue 2) ---

/**
 * NIfTI-1 stores the sform/qform in float32: half an ULP of a 1000 mm coordinate is 3.1e-5 mm, and spacing
 * recomputed as a float32 column norm adds ~1e-7 relative; 1e-4 mm bounds both with margin.
 */
export const NIFTI_HEADER_TOLERANCE_MM = 1e-4;

// ── synthct ──────────────────────────────────────────────────────────────────────────────────────────────────────
/**
 * Hand-built affine ONNX graph vs the same recipe in float64: the network runs in float32 (normalised input
 * |v| ≤ 1, relative rounding 6e-8, a 3-term sum), HU = out · 1000 + 200 amplifies that to ≤ ~2e-4 HU, and the sCT
 * is stored as float32 (half an ulp at 3000 HU is 1.2e-4 HU). 1e-3 HU bounds both with margin and is still
 * 10⁵× smaller than any HU error a pre/post-processing bug (wrong slice, channel, pixel or scale) would make.
 */
export const SYNTHCT_AFFINE_HU_TOLERANCE = 1e-3;

/**
 * NRRD and MetaImage store geometry as shortest round-trip decimal text (exact doubles); NRRD's
 * `space directions` hold spacing × axis, so re-normalising costs a few double ULPs (~1e-16). 1e-12 allows that
 * and nothing more.
 */
export const TEXT_HEADER_DIRECTION_TOLERANCE = 1e-12;

/**
 * Trilinear interpolation of a field linear in LPS is exact in real arithmetic; in float64 the index mapping and
 * the 7 lerps lose a few ULPs each, so 1e-12 relative bounds the round-off with a wide margin.
 */
export const LINEAR_FIELD_RELATIVE_TOLERANCE = 1e-12;

// ---------------------------------------------------------------------------------------------------------
// compare (gamma, DVH, image and dose-difference metrics)
// ---------------------------------------------------------------------------------------------------------

/**
 * Gamma vs the continuous closed form γ = |δ| / sqrt(ΔD² + |∇D_e|²·DTA²) of a linear ramp (issue 4: ≤ 0.01).
 * The lattice search misses the continuous optimum by at most h/2 along the gradient (h = DTA/interpFraction),
 * so γ_lattice² − γ² ≤ c·h²/4 with c = 1/DTA² + |∇D_e|²/ΔD²; tests pick interpFraction so that this bound is
 * ≤ 0.01 in γ on every voxel they check.
 */
export const GAMMA_ANALYTIC_TOLERANCE = 0.01;

/**
 * Gamma vs the exact minimum over the search lattice of a linear ramp (a 1D quadratic in the lattice index):
 * trilinear interpolation of a linear field is exact, so only float32 storage of the doses (≈ 6e-8 relative)
 * and float32 storage of γ remain — far below 1e-5.
 */
export const GAMMA_LATTICE_EXACT_TOLERANCE = 1e-5;

/** The 'ts' fast path vs the float64 reference: same minimum over the same lattice; only the γ output is float32. */
export const GAMMA_TS_VS_REFERENCE = 1e-6;

/**
 * The gpu.js kernel (float32 arithmetic) vs the float64 reference: D_e − D_r is formed from float32 doses and
 * float32 trilinear weights (≈ 1e-7 Gy on ~2 Gy), divided by ΔD ≥ 0.02 Gy → ≈ 1e-5 in γ; 1e-4 leaves margin for
 * the sqrt and for an offset winning by a float32 tie. (Measured: ≤ 1e-5 on cpu and webasm.)
 */
export const GAMMA_KERNEL_VS_REFERENCE = 1e-4;

/** A float64 sum of up to ~1.2e7 voxels in a different order than numpy's pairwise sum: ≤ n·ε ≈ 3e-9 relative. */
export const SUM_RELATIVE_TOLERANCE = 1e-8;

// ---------------------------------------------------------------------------------------------------------
// dose (HU → RED, beam geometry, ray tracing, pencil-beam engine and its kernels)
// ---------------------------------------------------------------------------------------------------------

/** HU→RED at a knot or a hand-computed interpolation: float64 arithmetic on a few values, ≤ 1e-12 absolute. */
export const HLUT_EXACT_TOLERANCE = 1e-12;

/**
 * HU→RED kernel (float32 arithmetic) vs the float64 reference: RED ≤ 2.5 has a float32 spacing of 2.4e-7; the
 * interpolation does 4 float32 operations → ≤ ~1e-6. 1e-5 leaves a 10× margin and still catches any wrong knot.
 */
export const HU_TO_RED_KERNEL_ABS_TOLERANCE = 1e-5;

/** Beam geometry: sines/cosines of exact angles and a few products in float64 → ≤ 1e-9 mm on 1000 mm vectors. */
export const BEAM_GEOMETRY_TOLERANCE_MM = 1e-9;

/** Siddon vs an analytic chord: a sum of ~100 float64 interval lengths × 1000 mm → ≤ 1e-9 mm; 1e-8 mm margin. */
export const SIDDON_ANALYTIC_TOLERANCE_MM = 1e-8;

/**
 * Radiological-depth kernels (float32 DDA + float32 running sum along rays) vs float64 Siddon on the same fan samples:
 * cell coordinates ≤ ~500 carry 3e-5 cells of float32 spacing, path lengths accumulate over ≤ ~300 crossings
 * (≈ 300 × 3e-5 × 2.5 mm ≈ 0.02 mm worst case, ~1e-3 mm typical) and depths ≤ 500 mm carry 3e-5 mm. 0.02 mm is
 * < 1 % of a 2.5 mm voxel and changes dose by < 0.01 %.
 */
export const DEPTH_KERNEL_ABS_TOLERANCE_MM = 0.02;

/**
 * Dose / scatter-map kernels (float32) and the plain-TS engine (float64 arithmetic, float32 inputs/outputs) vs
 * the float64 reference of the SAME discretised algorithm, as a fraction of the maximum dose: float32 erf/exp
 * (≈ 1e-7 each), float32 BEV coordinates (1e-4 mm on 1000 mm, × a 6 %/mm penumbra gradient ≈ 1e-5) and float32
 * depth (DEPTH_KERNEL_ABS_TOLERANCE_MM × 0.5 %/mm ≈ 1e-4). ARCHITECTURE.md starts kernel-vs-reference at 1e-3.
 */
export const DOSE_KERNEL_REL_OF_MAX_TOLERANCE = 1e-3;

/**
 * The production engine (fan-grid depth + interpolated scatter maps) vs the exact model (Siddon to each point,
 * analytic scatter), fraction of max dose, in homogeneous media past the first fan step: trilinear interpolation
 * of a depth that is linear along rays is exact except where a cell straddles the surface, and bilinear scatter
 * maps at h ≤ 4 mm err by h²/8·|f''| ≤ 0.3 % of a scatter component that is ≤ 25 % of the dose. Measured ≤ 0.1 %.
 */
export const ENGINE_VS_EXACT_REL_OF_MAX_TOLERANCE = 0.01;

/** Typical 6 MV water data (PHYSICS.md): dmax ≈ 15 mm. The model's dmax lies within ±3 mm of it. */
export const DMAX_RANGE_MM: readonly [number, number] = [12, 18];
/** PDD(10 cm) for 10×10 at SSD 100: 66–67 % (PHYSICS.md, TG-51) ± 1 % for the model fit and sampling. */
export const PDD10_RANGE_PERCENT: readonly [number, number] = [65.5, 68];
/** 80–20 % penumbra of a 10×10 field at 10 cm depth: 3–5 mm (PHYSICS.md). */
export const PENUMBRA_8020_RANGE_MM: readonly [number, number] = [3, 5];
/** PDD(10 cm) of 5×5 and 20×20 fields: the fit anchors (63 %, 70 %) ± 1.5 % (typical 6 MV spread). */
export const PDD10_5X5_RANGE_PERCENT: readonly [number, number] = [61.5, 64.5];
export const PDD10_20X20_RANGE_PERCENT: readonly [number, number] = [68.5, 71.5];

/**
 * Metamorphic dose identities that hold exactly in the model up to interpolation on the fan grid (inverse square
 * with the source moved, radiological-depth equivalence of slabs and of a uniform RED scale, opposed-beam
 * symmetry, rotated phantom + rotated gantry): the fan samples of the two cases sit at different positions
 * relative to interfaces, so the trilinear depth interpolation differs by ≤ ~¼ fan step × 0.5 %/mm. 0.5 % of the
 * local dose; exact-arithmetic cases (the rotation with identical sampling) are held to 1e-4.
 */
export const DOSE_METAMORPHIC_REL_TOLERANCE = 0.005;
export const DOSE_ROTATION_REL_OF_MAX_TOLERANCE = 1e-4;

/**
 * DVH on a 1 mm grid with 1 mm contour planes vs analytic volumes and D_x (Nelms 2015 shapes, issue 4: 1 %).
 * Slab end caps make volumes exact to O(h²/R²) ≈ 0.1 % for R ≥ 10 mm; in-plane coverage is exact along i and
 * midpoint-ruled along j (8 sub-rows).
 */
export const DVH_FINE_TOLERANCE_REL = 0.01;

/**
 * DVH volume on a 2.5×2.5×3 mm grid with 2 mm contour planes: slab end caps err by ≈ h²/(8R²) (0.3 % for
 * h = 2 mm, R = 12 mm) plus the in-plane midpoint rule on 2.5 mm voxels; 1 % is what clinical DVH
 * comparisons accept for structures of this size (Nelms 2015 found several % between commercial systems).
 */
export const DVH_COARSE_VOLUME_TOLERANCE_REL = 0.01;

/**
 * D_x on the coarse grid, in voxels along the gradient (× spacing × gradient → Gy): dose is known only at voxel
 * centres, so in a gradient the voxelised DVH is a staircase with one step per voxel layer and a D_x can sit
 * anywhere on its step: up to half a voxel from the analytic value. The slab model of the contours (2 mm
 * planes against 3 mm dose slices) moves partial volumes between neighbouring layers, which can push a D2/D98
 * slightly past the half step (worst measured: 0.502 voxel, sphere D2 along z); 0.6 voxel covers that.
 */
export const DVH_COARSE_DOSE_TOLERANCE_VOXELS = 0.6;

// ---- DICOM (src/dicom) ----

/** A dose value held in float32 after one multiplication (stored × DoseGridScaling): half an ulp, 2^-24 ≈ 6e-8. */
export const DICOM_DOSE_FLOAT32_REL = 2 ** -24;

/** RTDOSE round trip (write → read, by us or pydicom): the 1e-6 relative budget; quantisation is ~1e-10. */
export const DICOM_DOSE_ROUNDTRIP_REL = 1e-6;

// ---- Phantoms (src/phantoms) ----

/**
 * Fraction of voxels where even-odd filling of a phantom structure's contours (sampled at voxel centres) may
 * differ from its mask: 0. Marching squares at iso-level ½ puts every contour vertex midway between an inside and
 * an outside centre and never lets a segment cross a centre, so the reconstruction is exact, not approximate.
 */
export const PHANTOM_PIXEL_TOLERANCE_RATIO = 0;

/**
 * PTV mean dose after normalizePlanToPrescription vs the prescription, relative: MU are rounded to 0.01 MU
 * (≥ 50 MU per beam → ≤ 1e-4) and dose is linear in MU, so 1e-3 leaves margin for float32 dose accumulation.
 */
export const PHANTOM_NORMALISED_PTV_MEAN_REL = 1e-3;

/**
 * Image metrics vs Debian python3-skimage on the integer fixture: the same float64 formulas, summed in a different
 * order (running box sums vs scipy's uniform_filter), so only rounding differs: ~1e-12 relative; 1e-9 is safe.
 */
export const IMAGE_METRICS_VS_SKIMAGE_REL = 1e-9;

// ---------------------------------------------------------------------------------------------------------
// pipeline (equidose validate end to end)
// ---------------------------------------------------------------------------------------------------------

/**
 * A global +50 HU sCT offset raises RED by ≈ 0.0475 in soft tissue (matRad table: 0.00095 per HU), so each beam
 * crosses ≈ 4.75 % more electrons; with a broad-beam 6 MV attenuation of ≈ 0.04 /cm beyond dmax (PDD 67 % at
 * 10 cm, inverse square removed) and ≈ 12 cm mean water depth to the pelvic target, the target dose falls by
 * ≈ 0.0475 × 12 × 0.04 ≈ 2.3 % of prescription. The band [−4, −0.7] % accepts a factor ~2 either way
 * (depth and scatter vary by beam) and rejects a wrong sign or a missing effect.
 */
export const HU_OFFSET_PLUS50_TARGET_D50_RANGE_PERCENT = [-4, -0.7] as const;

/**
 * Offsets of ±50 HU are small perturbations: the two target-dose changes should be nearly opposite. 35 % allows
 * the table's different slopes below and above 0 HU (fat 0.00089, soft tissue 0.00095 per HU) and second-order
 * attenuation terms.
 */
export const HU_OFFSET_SYMMETRY_RELATIVE = 0.35;

/**
 * Shipped model, body MAE recomputed here vs models/<id>/evaluation.json (the model card): same phantom (the
 * generator is bit-identical per seed), same weights (sha256), same TS inference with 1 thread (what evaluate.sh
 * runs) — only the MAE arithmetic differs (float64 sums here vs numpy on the float32 NIfTI, and the card's 0.01 HU
 * rounding), ≪ 0.1 HU. 0.5 HU leaves margin yet catches any change to normalisation, masking or resampling, which
 * moves the MAE by several HU.
 */
export const SYNTHCT_SHIPPED_MAE_TOLERANCE_HU = 0.5;

// ── io (NRRD geometry) ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * NRRD axis components after write → read: the header holds fl(axis × spacing) and the reader divides by the
 * (exactly recovered) spacing: two roundings of a component ≤ 1, half an ulp each → ≤ ε (2.2e-16) in all.
 */
export const NRRD_AXIS_ROUND_TRIP_TOLERANCE = Number.EPSILON;
