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
