import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../../src/core/errors.js';
import { optNumber } from '../../../src/dicom/dataset.js';
import { encodeDicomPart10 } from '../../../src/dicom/dcmjs-io.js';
import { formatDecimalString } from '../../../src/dicom/ds-format.js';
import { parseDicomBytes } from '../../../src/dicom/parse.js';
import { chooseDoseGridScaling } from '../../../src/dicom/rtdose-write.js';

/** Values that stress the 16-character Decimal String: exponents, 17-digit doubles, extremes. */
const EXACT = [
  1.4e-8,
  60 / 4294967295,
  1.3969839e-8,
  0.1 + 0.2,
  -249.51171875,
  1e21,
  -1e-300,
  5e-324,
  123456.78901234567,
  -0.000012345678901,
  2 ** 53,
  60,
  0.5,
  -1024,
];

describe('formatDecimalString (DS, ≤ 16 characters)', () => {
  it('documents the failure it prevents: String(x) cut to 16 characters loses the exponent', () => {
    // 60 Gy / (2³² − 1): the DoseGridScaling of a 60 Gy grid, as dcmjs would write the raw number.
    expect(String(60 / 4294967295)).toBe('1.3969838622484784e-8');
    expect(String(60 / 4294967295).slice(0, 16)).toBe('1.39698386224847'); // 1.397, not 1.397e-8
    expect(formatDecimalString(60 / 4294967295)).toBe('1.39698386225e-8');
  });

  it.each(EXACT)('spells %d in ≤ 16 characters that parse back to the same double, or within 5e-12', (v) => {
    const s = formatDecimalString(v);
    expect(s.length).toBeLessThanOrEqual(16);
    expect(s).toMatch(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/);
    expect(Math.abs(Number(s) - v)).toBeLessThanOrEqual(Math.abs(v) * 5e-12);
  });

  it('is exact where 16 characters allow, and spells simply', () => {
    expect(formatDecimalString(1.4e-8)).toBe('1.4e-8');
    expect(formatDecimalString(1.3969839e-8)).toBe('1.3969839e-8');
    expect(formatDecimalString(-249.51171875)).toBe('-249.51171875');
    expect(formatDecimalString(100)).toBe('100');
    expect(formatDecimalString(1e21)).toBe('1e21');
    expect(formatDecimalString(0)).toBe('0');
    expect(formatDecimalString(-0)).toBe('0');
  });

  it('refuses NaN and infinities', () => {
    expect(() => formatDecimalString(NaN)).toThrow(NumericalError);
    expect(() => formatDecimalString(Infinity)).toThrow(/cannot write Infinity/);
  });

  it.each([1.4e-8, 1.397e-8, 60 / 4294967295, 1e-6, 2.5e-300, 123456.78901234567])(
    'DoseGridScaling %d survives dcmjs encode → parse unchanged in value (to the spelled precision)',
    (v) => {
      const bytes = encodeDicomPart10(
        { MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.481.2', MediaStorageSOPInstanceUID: '1.2.3' },
        {
          SOPClassUID: '1.2.840.10008.5.1.4.1.1.481.2',
          SOPInstanceUID: '1.2.3',
          Modality: 'RTDOSE',
          DoseGridScaling: v,
        },
      );
      const back = optNumber(parseDicomBytes(bytes, 'memory').dataset, 'DoseGridScaling');
      expect(back).toBe(Number(formatDecimalString(v)));
      expect(Math.abs(back! - v) / v).toBeLessThan(5e-12);
    },
  );

  it('refuses an over-long DS string instead of letting dcmjs cut it', () => {
    expect(() =>
      encodeDicomPart10(
        { MediaStorageSOPClassUID: '1.2.3', MediaStorageSOPInstanceUID: '1.2.3' },
        { SOPClassUID: '1.2.3', SOPInstanceUID: '1.2.3', DoseGridScaling: '1.3970000000000001e-8' },
      ),
    ).toThrow(/longer than 16 characters/);
  });
});

describe('chooseDoseGridScaling', () => {
  it.each([60, 1.254, 1e-3, 7000, 0.0123456789])(
    'max %d Gy: ≥ max/(2³²−1), exact in DS, ≤ 1e-7 above the minimum',
    (max) => {
      const s = chooseDoseGridScaling(max);
      const minimum = max / 4294967295;
      expect(s).toBeGreaterThanOrEqual(minimum);
      expect((s - minimum) / minimum).toBeLessThan(1e-7 * 1.0001);
      expect(Number(formatDecimalString(s))).toBe(s);
      expect(Math.round(max / s)).toBeLessThanOrEqual(4294967295);
    },
  );
});
