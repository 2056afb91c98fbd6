import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../../src/cli/package-info.js';
import { InputError } from '../../../src/core/errors.js';
import { parseCohortManifest, readCohortManifest } from '../../../src/cohort/manifest.js';
import { SHIPPED_MODEL_ID } from '../../../src/synthct/shipped-model.js';

let dir: string;
/** The shipped model, found by id in the package's models/ folder. */
const shippedModel = join(findPackageRoot(), 'models', SHIPPED_MODEL_ID);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'equidose-manifest-'));
  for (const f of ['ct.nii.gz', 'sct.nii.gz', 'mr.nii.gz', 'labels.nii.gz', 'plan.json', 'a, "b".nii.gz'])
    writeFileSync(join(dir, f), 'x');
  writeFileSync(join(dir, 'ct\nA.nii.gz'), 'x');
  mkdirSync(join(dir, 'dicom ct'));
  mkdirSync(join(dir, 'models/m1'), { recursive: true });
});

const parse = (text: string): ReturnType<typeof parseCohortManifest> => parseCohortManifest(text, dir);
const fails = (text: string, message: RegExp): void => {
  let error: unknown;
  try {
    parse(text);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
};

describe('cohort manifest', () => {
  it('reads quoted fields, relative and absolute paths, both sCT sources and optional prescriptions', () => {
    const cases = parse(
      [
        'Case,CT,sct,mr,model,structures,plan,prescriptionGy',
        `p01,ct.nii.gz,"a, ""b"".nii.gz",,,labels.nii.gz,plan.json,2`,
        `p02,"dicom ct",,mr.nii.gz,models/m1,labels.nii.gz,${join(dir, 'plan.json')},`,
        '# a comment line',
        '',
        'p03,ct.nii.gz,sct.nii.gz,,,labels.nii.gz,plan.json, 1.8 ',
      ].join('\r\n'),
    );
    expect(cases.map((c) => c.caseId)).toEqual(['p01', 'p02', 'p03']);
    expect(cases[0]).toMatchObject({
      line: 2,
      ctPath: join(dir, 'ct.nii.gz'),
      sct: { kind: 'sct', sctPath: join(dir, 'a, "b".nii.gz') },
      prescriptionGy: 2,
    });
    expect(cases[1]).toMatchObject({
      ctPath: join(dir, 'dicom ct'),
      sct: { kind: 'mr', mrPath: join(dir, 'mr.nii.gz'), model: join(dir, 'models/m1') },
      planPath: join(dir, 'plan.json'),
    });
    expect(cases[1]?.prescriptionGy).toBeUndefined();
    expect(cases[2]).toMatchObject({ line: 6, prescriptionGy: 1.8 });
  });

  it('names the right line after a quoted field that spans lines', () => {
    fails(
      // A file name with a newline in it: legal on POSIX, and a quoted CSV field that spans two lines.
      'case,ct,sct,structures,plan\np01,"ct\nA.nii.gz",sct.nii.gz,labels.nii.gz,plan.json\np02,ct.nii.gz,sct.nii.gz,labels.nii.gz,missing.json\n',
      /^manifest line 4 \(case 'p02'\): plan not found: .*missing\.json$/,
    );
    // The spanning row itself is named by the line it starts on.
    fails(
      'case,ct,sct,structures,plan\np01,"ct\nA.nii.gz",sct.nii.gz,labels.nii.gz,missing.json\n',
      /^manifest line 2 \(case 'p01'\): plan not found/,
    );
  });

  it('refuses bad headers and bad rows with one line naming the row', () => {
    const head = 'case,ct,sct,structures,plan';
    const ok = 'ct.nii.gz,sct.nii.gz,labels.nii.gz,plan.json';
    fails('', /manifest is empty/);
    fails(`${head}\n`, /header but no case rows/);
    fails('case,ct,sct,structure,plan\n', /unknown column 'structure'/);
    fails('case,ct,sct,plan\n', /missing column\(s\) structures/);
    fails('case,ct,mr,structures,plan\n', /needs an 'sct' column or both 'mr' and 'model'/);
    fails('case,ct,sct,sct,structures,plan\n', /column 'sct' appears twice/);
    fails(`${head}\np01,${ok}\np02,ct.nii.gz,sct.nii.gz\n`, /not valid CSV/);
    fails(`${head}\n,${ok}\n`, /^manifest line 2: empty 'case'$/);
    fails(`${head}\n../p01,${ok}\n`, /line 2 \(case '..\/p01'\): 'case' may hold only/);
    fails(`${head}\np01,${ok}\nP01,${ok}\n`, /^manifest line 3: case 'P01' repeats line 2/);
    fails(
      `${head}\np01,nope.nii.gz,sct.nii.gz,labels.nii.gz,plan.json\n`,
      /line 2 \(case 'p01'\): ct not found: .*nope\.nii\.gz$/,
    );
    fails(`${head}\np01,ct.nii.gz,,labels.nii.gz,plan.json\n`, /no sCT: give 'sct', or 'mr' and 'model'/);
    fails(
      'case,ct,sct,mr,model,structures,plan\np01,ct.nii.gz,sct.nii.gz,mr.nii.gz,m,labels.nii.gz,plan.json\n',
      /either 'sct' or 'mr' \+ 'model', not both/,
    );
    fails(
      'case,ct,mr,model,structures,plan\np01,ct.nii.gz,mr.nii.gz,models/none,labels.nii.gz,plan.json\n',
      /model not found: .*models\/none /,
    );
    fails(
      'case,ct,mr,model,structures,plan\np01,ct.nii.gz,mr.nii.gz,no-such-model,labels.nii.gz,plan.json\n',
      /model not found: .*no-such-model \(nor a shipped model id in models\/\)$/,
    );
    for (const rx of ['0', '-2', 'two', '250'])
      fails(`${head},prescriptionGy\np01,${ok},${rx}\n`, /prescriptionGy must be a dose per fraction/);
  });

  it.skipIf(!existsSync(join(shippedModel, 'manifest.json')))(
    `resolves a bare model id to the shipped model (skipped: models/${SHIPPED_MODEL_ID} not in this checkout)`,
    () => {
      const [c] = parse(
        `case,ct,mr,model,structures,plan\np01,ct.nii.gz,mr.nii.gz,${SHIPPED_MODEL_ID},labels.nii.gz,plan.json\n`,
      );
      expect(c?.sct).toEqual({ kind: 'mr', mrPath: join(dir, 'mr.nii.gz'), model: shippedModel });
    },
  );

  it('attributes errors to the manifest file', () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'case,ct\n');
    expect(() => readCohortManifest(path)).toThrow(expect.objectContaining({ file: path }));
    expect(() => readCohortManifest(join(dir, 'absent.csv'))).toThrow(/cannot read the cohort manifest/);
  });
});
