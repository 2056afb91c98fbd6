import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineError } from '../../../src/core/errors.js';
import { writeRtDose } from '../../../src/dicom/rtdose-write.js';
import { valueRange } from '../../../src/core/volume.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { EXPECTED, HAVE_SHARED_DATA, SKIP_NOTE, dataPath } from './real-data.js';
import { makeRoundtripDose } from './roundtrip-volumes.js';

describe.skipIf(!HAVE_SHARED_DATA)(`readVolume dispatches DICOM to src/dicom${SKIP_NOTE}`, () => {
  it('a CT series directory → HU volume (the RTSTRUCT beside it is ignored)', () => {
    const e = EXPECTED.series['rtutilsPhantom']!;
    const volume = readVolume(dataPath('real/rtutils_phantom_rtstruct'));
    expect(volume.quantity).toBe('HU');
    expect(volume.grid.size).toEqual(e.size);
    expect(volume.grid.frameOfReferenceUid).toBe(e.frameOfReferenceUid);
  });

  it('an MR slice file (no .dcm rule: recognised by content) → MR volume; quantity override honoured', () => {
    expect(readVolume(dataPath('dicom/pydicom_MR_small.dcm')).quantity).toBe('MR');
    expect(readVolume(dataPath('dicom/pydicom_MR_small.dcm'), { quantity: 'HU' }).quantity).toBe('HU');
  });

  it('an RTDOSE in Gy → Gy volume; RELATIVE dose and RTPLAN are refused, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'equidose-rv-'));
    try {
      const dose = makeRoundtripDose();
      writeRtDose(join(dir, 'RD.dcm'), dose);
      const volume = readVolume(join(dir, 'RD.dcm'));
      expect(volume.quantity).toBe('Gy');
      expect(volume.grid.size).toEqual(dose.grid.size);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => readVolume(dataPath('dicom/pydicom_rtdose.dcm'))).toThrow(/DoseUnits RELATIVE/);
    let error: PipelineError | undefined;
    try {
      readVolume(dataPath('dicom/pydicom_rtplan.dcm'));
    } catch (e) {
      error = e as PipelineError;
    }
    expect(error?.message).toBe('no image series or RTDOSE to read as a volume (found RTPLAN)');
    expect(error?.file).toBe(dataPath('dicom/pydicom_rtplan.dcm'));
    const range = valueRange(readVolume(dataPath('dicom/dicompyler_ct.0.dcm')).data);
    expect(range.min).toBe(EXPECTED.series['dicompylerCt']!.valueMin);
  });
});
