import { NumericalError } from '../core/errors.js';

/**
 * Decimal String (DS) and Integer String (IS) values as equidose writes them.
 *
 * DS holds at most 16 characters. dcmjs turns a JS number into `String(value)` and then cuts it to 16
 * characters, exponent and all: 1.3970000000000001e-8 became "1.39700000000000" (1.397). So every DS we write is
 * formatted here first: the shortest string of ≤ 16 characters that parses back to exactly the same double, in
 * fixed or exponent form ("1.4e-8", "-249.51171875", "123.456"); when no such string exists (a double needs up to
 * 17 significant digits), the closest one that fits, whose relative error is below 5e-12 for any finite double
 * within ±1e±99 (at least 12 significant digits remain).
 */

const MAX_DS = 16;
const MAX_IS = 12;

/** "1.40e-8" → "1.4e-8"; "1e+21" → "1e21"; "1.2300" → "1.23" (only digits after a decimal point are trimmed). */
function compact(text: string): string {
  const [mantissa = '', exponent] = text.toLowerCase().split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  if (exponent === undefined) return m;
  const e = Number(exponent);
  return e === 0 ? m : `${m}e${e}`;
}

/** Candidate spellings of `value` with `digits` significant digits, each ≤ 16 characters. */
function candidates(value: number, digits: number): string[] {
  return [compact(value.toPrecision(digits)), compact(value.toExponential(digits - 1))].filter(
    (s) => s.length <= MAX_DS,
  );
}

/**
 * The DS spelling of a finite number: exact round trip when 16 characters allow it, else the closest that fits.
 * @throws NumericalError for NaN or ±Infinity (DS cannot hold them).
 */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new NumericalError(`cannot write ${value} as a DICOM decimal string`);
  if (Object.is(value, -0) || value === 0) return '0';
  // JS's own spelling is the shortest that round-trips; use it whenever it fits.
  const shortest = compact(String(value));
  if (shortest.length <= MAX_DS) return shortest;
  let closest: string | undefined;
  for (let digits = 1; digits <= 17; digits++) {
    const fitting = candidates(value, digits).sort((a, b) => a.length - b.length);
    const exact = fitting.find((s) => Number(s) === value);
    if (exact !== undefined) return exact;
    if (fitting[0] !== undefined) closest = fitting[0];
  }
  if (closest === undefined) throw new NumericalError(`cannot write ${value} in 16 characters`);
  return closest;
}

/** DS spelling of each value (for multi-valued DS: ImagePositionPatient, GridFrameOffsetVector …). */
export const formatDecimalStrings = (values: readonly number[]): string[] => values.map(formatDecimalString);

/** IS spelling of an integer (≤ 12 characters). */
export function formatIntegerString(value: number): string {
  const s = String(value);
  if (!Number.isSafeInteger(value) || s.length > MAX_IS)
    throw new NumericalError(`cannot write ${value} as a DICOM integer string`);
  return s;
}
