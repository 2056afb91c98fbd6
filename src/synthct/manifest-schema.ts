import { InputError } from '../core/errors.js';

/**
 * The contract between a trained MR→CT network and the inference code (`models/<id>/manifest.json`).
 * Everything inference must reproduce from training is here; nothing is guessed from the ONNX file.
 */

/** A signed patient direction: the LPS axis a model-grid axis points along. */
export type LpsDirection = '+L' | '-L' | '+P' | '-P' | '+S' | '-S';

/** How MR intensities (no absolute scale) are mapped to the network's input range. */
export type MrNormalisation =
  | {
      /**
       * v' = clamp((v − P_low) / (P_high − P_low), 0, 1) · (max − min) + min, where P_x is the x-th percentile
       * (linear interpolation between order statistics, numpy's default) of the MR inside the body mask.
       */
      readonly method: 'percentile-in-body';
      readonly lowerPercentile: number;
      readonly upperPercentile: number;
      readonly outputRange: readonly [min: number, max: number];
      /** Clamp to `outputRange` (true) or extrapolate linearly (false). */
      readonly clip: boolean;
    }
  | {
      /** v' = v · scale + offset: for models that expect a fixed, known MR scale. */
      readonly method: 'linear';
      readonly scale: number;
      readonly offset: number;
    };

/** Automatic body mask from the MR (used when the user gives none): threshold, largest component, fill. */
export interface BodyMaskRecipe {
  /** Body = MR > fraction · (robustMaxPercentile-th percentile of all voxels). */
  readonly thresholdFraction: number;
  readonly robustMaxPercentile: number;
  /** Minimum body size (voxels) below which the MR is rejected as having no body signal. */
  readonly minVoxels: number;
}

/** One model-tensor dimension: a fixed length or dynamic ('dynamic'). */
export type TensorDim = number | 'dynamic';

export interface ModelManifest {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly description: string;
  readonly onnx: { readonly file: string; readonly sha256: string; readonly opset: number };
  /** Input tensor, layout NCHW: N slices, C = 2·neighbourSlices + 1 channels, H rows (model j), W columns (model i). */
  readonly input: {
    readonly name: string;
    readonly dtype: 'float32';
    readonly batch: TensorDim;
    readonly channels: number;
    readonly height: TensorDim;
    readonly width: TensorDim;
    /** Dynamic H and W must be multiples of this (U-Net down-sampling factor); 1 for none. */
    readonly spatialMultiple: number;
  };
  /** Output tensor, NCHW with C = 1 and the input's H, W. */
  readonly output: { readonly name: string; readonly dtype: 'float32' };
  /** The grid the network works on, as LPS directions and spacing. */
  readonly modelGrid: {
    /** Directions of model +i (tensor W), +j (tensor H) and +k (slice stacking). */
    readonly columnDirection: LpsDirection;
    readonly rowDirection: LpsDirection;
    readonly sliceDirection: LpsDirection;
    /** In-plane pitch [along i, along j] in mm, or null to keep the MR's own spacing. */
    readonly inPlaneSpacingMm: readonly [number, number] | null;
    /** Slice pitch in mm, or null to keep the MR's own slice spacing. */
    readonly sliceSpacingMm: number | null;
    /** Neighbouring slices on each side fed as extra channels (2.5D); channel c ↔ slice k + c − n. */
    readonly neighbourSlices: number;
  };
  readonly mrNormalisation: MrNormalisation;
  readonly bodyMask: BodyMaskRecipe;
  /** HU = output · scale + offset. */
  readonly outputToHu: { readonly scale: number; readonly offset: number };
  /** HU range the sCT is clipped to. */
  readonly huClipRange: readonly [min: number, max: number];
  /** HU written outside the body mask (air). */
  readonly outsideBodyHu: number;
  readonly trainingData: string;
  readonly licence: string;
}

const DIRECTIONS: readonly string[] = ['+L', '-L', '+P', '-P', '+S', '-S'];

/** Reads one field of a JSON object with a type check; the error names the dotted path. */
class Reader {
  constructor(
    private readonly obj: Record<string, unknown>,
    private readonly path: string,
  ) {}

  private raw(key: string): unknown {
    if (!(key in this.obj)) throw new InputError(`model manifest: missing field '${this.at(key)}'`);
    return this.obj[key];
  }

  private at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  private fail(key: string, want: string, got: unknown): never {
    throw new InputError(
      `model manifest: field '${this.at(key)}' must be ${want}, got ${JSON.stringify(got)}`,
      {
        field: this.at(key),
      },
    );
  }

  string(key: string): string {
    const v = this.raw(key);
    if (typeof v !== 'string' || v === '') return this.fail(key, 'a non-empty string', v);
    return v;
  }

  number(key: string, check: (n: number) => boolean = () => true, want = 'a finite number'): number {
    const v = this.raw(key);
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) return this.fail(key, want, v);
    return v;
  }

  int(key: string, min: number): number {
    return this.number(key, (n) => Number.isInteger(n) && n >= min, `an integer ≥ ${min}`);
  }

  boolean(key: string): boolean {
    const v = this.raw(key);
    if (typeof v !== 'boolean') return this.fail(key, 'true or false', v);
    return v;
  }

  dim(key: string): TensorDim {
    const v = this.raw(key);
    if (v === 'dynamic') return v;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
    return this.fail(key, "a positive integer or 'dynamic'", v);
  }

  direction(key: string): LpsDirection {
    const v = this.raw(key);
    if (typeof v !== 'string' || !DIRECTIONS.includes(v))
      return this.fail(key, `one of ${DIRECTIONS.join(' ')}`, v);
    return v as LpsDirection;
  }

  /** [a, b] of finite numbers with a < b (or positive when `positive`). */
  pair(key: string, kind: 'range' | 'positive'): readonly [number, number] {
    const v = this.raw(key);
    const ok =
      Array.isArray(v) &&
      v.length === 2 &&
      v.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
      (kind === 'range' ? (v[0] as number) < (v[1] as number) : (v[0] as number) > 0 && (v[1] as number) > 0);
    if (!ok) return this.fail(key, kind === 'range' ? '[min, max] with min < max' : '[a, b], both > 0 mm', v);
    return [v[0] as number, v[1] as number];
  }

  nullable<T>(key: string, read: (r: Reader, key: string) => T): T | null {
    return this.raw(key) === null ? null : read(this, key);
  }

  object(key: string): Reader {
    const v = this.raw(key);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.fail(key, 'an object', v);
    return new Reader(v as Record<string, unknown>, this.at(key));
  }
}

function readNormalisation(r: Reader): MrNormalisation {
  const method = r.string('method');
  if (method === 'linear')
    return { method, scale: r.number('scale', (n) => n !== 0, 'non-zero'), offset: r.number('offset') };
  if (method !== 'percentile-in-body')
    throw new InputError(
      `model manifest: mrNormalisation.method '${method}' is not 'percentile-in-body' or 'linear'`,
    );
  const pct = (n: number): boolean => n >= 0 && n <= 100;
  const lowerPercentile = r.number('lowerPercentile', pct, 'a percentile in [0, 100]');
  const upperPercentile = r.number(
    'upperPercentile',
    (n) => pct(n) && n > lowerPercentile,
    'a percentile > lowerPercentile',
  );
  return {
    method,
    lowerPercentile,
    upperPercentile,
    outputRange: r.pair('outputRange', 'range'),
    clip: r.boolean('clip'),
  };
}

/** The model grid's three directions must be three different LPS axes. */
function checkDirections(grid: ModelManifest['modelGrid']): void {
  const letters = [grid.columnDirection, grid.rowDirection, grid.sliceDirection].map((d) => d[1]);
  if (new Set(letters).size !== 3)
    throw new InputError(
      `model manifest: modelGrid directions ${grid.columnDirection}, ${grid.rowDirection}, ${grid.sliceDirection} are not three different patient axes`,
    );
}

/**
 * Validates a parsed manifest.json. Throws InputError naming the first missing or malformed field,
 * and UnsupportedError-free: anything the inference code cannot honour is rejected here as InputError.
 */
export function parseModelManifest(json: unknown): ModelManifest {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputError('model manifest: expected a JSON object');
  const r = new Reader(json as Record<string, unknown>, '');
  const schemaVersion = r.number('schemaVersion');
  if (schemaVersion !== 1)
    throw new InputError(`model manifest: schemaVersion ${schemaVersion} is not supported (expected 1)`);
  const onnx = r.object('onnx');
  const input = r.object('input');
  const output = r.object('output');
  const grid = r.object('modelGrid');
  const mask = r.object('bodyMask');
  const hu = r.object('outputToHu');
  const dtype = (o: Reader): 'float32' => {
    const v = o.string('dtype');
    if (v !== 'float32') throw new InputError(`model manifest: dtype '${v}' is not supported (only float32)`);
    return v;
  };
  const sha256 = onnx.string('sha256').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new InputError('model manifest: onnx.sha256 must be 64 hex digits');
  const manifest: ModelManifest = {
    schemaVersion: 1,
    id: r.string('id'),
    description: r.string('description'),
    onnx: { file: onnx.string('file'), sha256, opset: onnx.int('opset', 7) },
    input: {
      name: input.string('name'),
      dtype: dtype(input),
      batch: input.dim('batch'),
      channels: input.int('channels', 1),
      height: input.dim('height'),
      width: input.dim('width'),
      spatialMultiple: input.int('spatialMultiple', 1),
    },
    output: { name: output.string('name'), dtype: dtype(output) },
    modelGrid: {
      columnDirection: grid.direction('columnDirection'),
      rowDirection: grid.direction('rowDirection'),
      sliceDirection: grid.direction('sliceDirection'),
      inPlaneSpacingMm: grid.nullable('inPlaneSpacingMm', (g, k) => g.pair(k, 'positive')),
      sliceSpacingMm: grid.nullable('sliceSpacingMm', (g, k) =>
        g.number(k, (n) => n > 0, 'a positive number of mm'),
      ),
      neighbourSlices: grid.int('neighbourSlices', 0),
    },
    mrNormalisation: readNormalisation(r.object('mrNormalisation')),
    bodyMask: {
      thresholdFraction: mask.number('thresholdFraction', (n) => n > 0 && n < 1, 'a fraction in (0, 1)'),
      robustMaxPercentile: mask.number(
        'robustMaxPercentile',
        (n) => n > 0 && n <= 100,
        'a percentile in (0, 100]',
      ),
      minVoxels: mask.int('minVoxels', 1),
    },
    outputToHu: { scale: hu.number('scale', (n) => n !== 0, 'non-zero'), offset: hu.number('offset') },
    huClipRange: r.pair('huClipRange', 'range'),
    outsideBodyHu: r.number('outsideBodyHu'),
    trainingData: r.string('trainingData'),
    licence: r.string('licence'),
  };
  checkDirections(manifest.modelGrid);
  if (manifest.input.channels !== 2 * manifest.modelGrid.neighbourSlices + 1)
    throw new InputError(
      `model manifest: input.channels ${manifest.input.channels} ≠ 2 · modelGrid.neighbourSlices + 1 = ${2 * manifest.modelGrid.neighbourSlices + 1}`,
    );
  const [lo, hi] = manifest.huClipRange;
  if (manifest.outsideBodyHu < lo || manifest.outsideBodyHu > hi)
    throw new InputError(
      `model manifest: outsideBodyHu ${manifest.outsideBodyHu} is outside huClipRange [${lo}, ${hi}]`,
    );
  return manifest;
}
