"""Paired phantom MR/CT slices for training, normalised exactly as src/synthct does at inference.

Each case directory holds mr.nii.gz and ct.nii.gz written by `equidose phantom` (same grid). Steps per case:
1. reorient to LPS index order (i -> +L, j -> +P, k -> +S: the manifest's model grid directions);
2. body mask from the MR: MR > f * P99.5(all voxels), largest 6-connected component, holes filled per axial slice
   (src/synthct/body-mask.ts does the same);
3. MR -> clamp((MR - P_lo) / (P_hi - P_lo), 0, 1) * 2 - 1 with percentiles inside the body (numpy 'linear', as
   src/synthct/percentile.ts);
4. CT -> (clip(HU, HU_MIN, HU_MAX) - HU_OFFSET) / HU_SCALE, the inverse of the manifest's outputToHu.
5. cases on another pitch (the head phantom's 1.5 mm) are resampled trilinearly onto the model grid exactly as
   src/synthct/model-grid.ts builds it: origin at the first voxel centre, ceil(extent / pitch) + 1 voxels.
"""
import os

import nibabel as nib
import numpy as np
from scipy import ndimage

MASK_FRACTION = 0.1
MASK_ROBUST_PERCENTILE = 99.5
MASK_MIN_VOXELS = 1000
P_LOW, P_HIGH = 0.5, 99.5
HU_MIN, HU_MAX = -1000.0, 2000.0
HU_SCALE, HU_OFFSET = 1500.0, 500.0


def load_lps(path):
    """Volume as float32 array indexed [i, j, k] with i -> +L, j -> +P, k -> +S, and its voxel spacing (mm)."""
    img = nib.as_closest_canonical(nib.load(path))  # RAS+ index order
    data = np.asarray(img.dataobj, dtype=np.float32)[::-1, ::-1, :]  # RAS -> LPS
    return np.ascontiguousarray(data), tuple(float(z) for z in img.header.get_zooms()[:3])


def body_mask(mr):
    """The automatic body mask of src/synthct/body-mask.ts (6-connectivity, per-axial-slice hole filling)."""
    robust_max = np.percentile(mr, MASK_ROBUST_PERCENTILE)
    if not robust_max > 0:
        raise ValueError("MR has no body signal")
    mask = mr > MASK_FRACTION * robust_max
    labels, n = ndimage.label(mask)  # default structure: 6-connectivity in 3D
    if n == 0:
        raise ValueError("MR has no body signal")
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    mask = labels == np.argmax(sizes)
    for k in range(mask.shape[2]):
        mask[:, :, k] = ndimage.binary_fill_holes(mask[:, :, k])  # 4-connected background
    if mask.sum() < MASK_MIN_VOXELS:
        raise ValueError("MR has no body signal")
    return mask


def normalise_ct(ct):
    return ((np.clip(ct, HU_MIN, HU_MAX) - HU_OFFSET) / HU_SCALE).astype(np.float32)


def to_model_grid(a, spacing, model_spacing, fill):
    """Trilinear resampling onto the model pitch (same first voxel centre); values beyond the volume = fill."""
    if np.allclose(spacing, model_spacing):
        return a
    size = [int(np.ceil((n - 1) * s / m - 1e-6)) + 1 for n, s, m in zip(a.shape, spacing, model_spacing)]
    coords = np.meshgrid(*[np.arange(n) * m / s for n, s, m in zip(size, spacing, model_spacing)], indexing="ij")
    return ndimage.map_coordinates(a, coords, order=1, mode="constant", cval=fill).astype(np.float32)


def load_case(case_dir, model_spacing):
    """(mr_norm, ct_norm, mask) on the model grid, arrays transposed to [k, j, i] (slice, row, column)."""
    mr, spacing = load_lps(os.path.join(case_dir, "mr.nii.gz"))
    ct, ct_spacing = load_lps(os.path.join(case_dir, "ct.nii.gz"))
    if mr.shape != ct.shape or not np.allclose(spacing, ct_spacing):
        raise ValueError(f"{case_dir}: MR and CT grids differ")
    mask = body_mask(mr)  # on the MR's own grid, as at inference
    lo, hi = np.percentile(mr[mask].astype(np.float64), [P_LOW, P_HIGH])
    mr_model = to_model_grid(mr, spacing, model_spacing, 0.0)
    mr_norm = (np.clip((mr_model - lo) / (hi - lo), 0.0, 1.0) * 2.0 - 1.0).astype(np.float32)
    ct_norm = normalise_ct(to_model_grid(ct, spacing, model_spacing, HU_MIN))
    mask_model = to_model_grid(mask.astype(np.float32), spacing, model_spacing, 0.0) >= 0.5
    t = lambda a: np.ascontiguousarray(a.transpose(2, 1, 0))  # noqa: E731
    return t(mr_norm), t(ct_norm), t(mask_model)


class SliceSampler:
    """Random 2.5D training crops: C neighbouring MR slices (edge slices replicated) and the centre CT slice."""

    def __init__(self, cases, neighbours, crop, rng):
        self.cases = cases
        self.neighbours = neighbours
        self.crop = crop
        self.rng = rng
        self.pad_mr = -1.0  # normalised zero MR signal (clamped to the bottom of the range)
        self.pad_ct = (HU_MIN - HU_OFFSET) / HU_SCALE

    def _crop(self, a, y0, x0, pad):
        nz, ny, nx = a.shape
        out = np.full((nz, self.crop, self.crop), pad, dtype=np.float32)
        ys, xs = max(0, y0), max(0, x0)
        ye, xe = min(ny, y0 + self.crop), min(nx, x0 + self.crop)
        out[:, ys - y0 : ye - y0, xs - x0 : xe - x0] = a[:, ys:ye, xs:xe]
        return out

    def batch(self, size):
        rng, n, c = self.rng, self.neighbours, self.crop
        mrs, cts = [], []
        for _ in range(size):
            mr, ct, mask = self.cases[rng.integers(len(self.cases))]
            nz, ny, nx = mr.shape
            k = int(rng.integers(nz))
            ks = np.clip(np.arange(k - n, k + n + 1), 0, nz - 1)
            # crop centre on a body voxel of this slice (or anywhere when the slice has no body)
            js, is_ = np.nonzero(mask[k])
            if len(js) > 0:
                p = int(rng.integers(len(js)))
                cy, cx = int(js[p]), int(is_[p])
            else:
                cy, cx = int(rng.integers(ny)), int(rng.integers(nx))
            y0, x0 = cy - c // 2, cx - c // 2
            m = self._crop(mr[ks], y0, x0, self.pad_mr)
            t = self._crop(ct[k : k + 1], y0, x0, self.pad_ct)
            if rng.random() < 0.5:  # left-right mirror: plausible anatomy; never flip anterior-posterior
                m, t = m[:, :, ::-1], t[:, :, ::-1]
            mrs.append(m)
            cts.append(t)
        return np.ascontiguousarray(np.stack(mrs)), np.ascontiguousarray(np.stack(cts))
