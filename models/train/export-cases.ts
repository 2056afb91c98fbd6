/**
 * Writes paired phantom MR/CT training cases (mr.nii.gz, ct.nii.gz) for the given site and seed range with the
 * project's own phantom generator — the same volumes `equidose phantom --site S --seed N --out DIR` writes.
 * Refuses seeds outside the spec's TRAINING range, so test seeds can never leak into training; `--test` instead
 * accepts only TEST seeds and also writes the phantom's body mask (body.nii.gz) for the model card's metrics.
 *
 * Bundle and run (see README.md):
 *   npx esbuild models/train/export-cases.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/equidose-train/export-cases.mjs
 *   node node_modules/.cache/equidose-train/export-cases.mjs pelvis 1000 1023 /tmp/equidose-train
 */
import { join } from 'node:path';
import { writeVolume } from '../../src/io/write-volume.js';
import { buildPhantom } from '../../src/phantoms/build-phantom.js';
import { loadPhantomSpec, type PhantomSite } from '../../src/phantoms/phantom-spec.js';

const args = process.argv.slice(2);
const test = args.includes('--test');
const [site, first, last, outDir] = args.filter((a) => a !== '--test');
if (site !== 'pelvis' && site !== 'head')
  throw new Error('usage: export-cases.mjs [--test] pelvis|head FIRST LAST OUT_DIR');
const purpose = test ? 'test' : 'training';
const [lo, hi] = loadPhantomSpec(site as PhantomSite).seedRanges[purpose];
for (let seed = Number(first); seed <= Number(last); seed++) {
  if (!(seed >= lo && seed <= hi))
    throw new Error(`seed ${seed} is not a ${site} ${purpose} seed [${lo}, ${hi}]`);
  const t0 = Date.now();
  const c = buildPhantom(site as PhantomSite, seed);
  const dir = join(outDir ?? '.', `${site}-${seed}`);
  writeVolume(join(dir, 'mr.nii.gz'), c.mr);
  writeVolume(join(dir, 'ct.nii.gz'), c.ct);
  if (test) writeVolume(join(dir, 'body.nii.gz'), c.body);
  console.log(`${dir}: ${c.grid.size.join('×')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
