import { createGrid } from '../../../src/core/grid.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import type { Volume } from '../../../src/core/volume.js';
import type { SourceSeries } from '../../../src/dicom/series-write.js';

/**
 * Deterministic volumes for the write → read round trips (ours and pydicom's, see make-roundtrip-expected.py).
 * Awkward on purpose: non-cubic sizes, Δi ≠ Δj ≠ Δk, oblique axes; the dose grid runs its k axis against
 * IOP_row × IOP_col (negative frame offsets) and peaks at 60 Gy, whose DoseGridScaling (≈ 1.397e-8) is the
 * value dcmjs once wrote as "1.397".
 */
const c = Math.cos(0.3);
const s = Math.sin(0.3);
const iDir: Vec3 = [c, s, 0];
const jDir: Vec3 = [-s, c, 0];
const normal: Vec3 = [0, 0, 1];

export const ROUNDTRIP_FRAME_OF_REFERENCE = '1.2.826.0.1.3680043.8.498.1';

export function makeRoundtripDose(): Volume<'Gy', Float32Array> {
  const grid = createGrid({
    size: [7, 9, 5],
    spacingMm: [2.5, 3, 4],
    originLpsMm: [-12.25, 30.5, 101.75],
    axes: [iDir, jDir, [-normal[0], -normal[1], -normal[2]]],
    frameOfReferenceUid: ROUNDTRIP_FRAME_OF_REFERENCE,
  });
  const data = new Float32Array(7 * 9 * 5);
  for (let n = 0; n < data.length; n++) {
    const i = n % 7;
    const j = Math.floor(n / 7) % 9;
    const k = Math.floor(n / 63);
    data[n] = 60 * Math.exp(-((i - 3) ** 2 + (j - 4) ** 2 + (k - 2) ** 2) / 8);
  }
  data[0] = 0;
  data[1] = 1.4e-8;
  data[2] = 0.0123456789;
  return { grid, quantity: 'Gy', data };
}

export function makeRoundtripSct(): Volume<'HU', Float32Array> {
  const grid = createGrid({
    size: [6, 5, 4],
    spacingMm: [0.9, 1.2, 2.5],
    originLpsMm: [-40.5, -20.25, 12],
    axes: [iDir, jDir, normal],
    frameOfReferenceUid: ROUNDTRIP_FRAME_OF_REFERENCE,
  });
  const data = new Float32Array(6 * 5 * 4);
  for (let n = 0; n < data.length; n++) data[n] = -1000 + ((n * 37) % 2600) + 0.25;
  data[3] = -1500; // below −1024 HU: clamped, with a warning
  return { grid, quantity: 'HU', data };
}

/** The MR series the sCT derives from (identity only: the sCT is on its grid). */
export function makeSourceMr(): SourceSeries {
  const grid = makeRoundtripSct().grid;
  return {
    seriesInstanceUid: '1.2.826.0.1.3680043.8.498.2',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    sopInstanceUids: [0, 1, 2, 3].map((k) => `1.2.826.0.1.3680043.8.498.3.${k + 1}`),
    patientStudy: {
      patientName: 'Phantom^Roundtrip',
      patientId: 'EQ-RT-1',
      patientBirthDate: '',
      patientSex: 'O',
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.4',
      studyId: 'RT1',
      studyDate: '20260101',
      studyTime: '120000',
    },
    grid,
  };
}
