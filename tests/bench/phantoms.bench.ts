import { bench, describe } from 'vitest';
import { buildPhantom } from '../../src/phantoms/build-phantom.js';
import { applySctErrors } from '../../src/phantoms/sct-error-models.js';
import { parseSctErrors } from '../../src/phantoms/sct-error-spec.js';

// Target (issue 6): a full-size pelvis in ≲ 2 s on the 2-core CI machine (the demo's 30 s budget and model
// training both generate phantoms). Generation excludes file writing and the engine-based MU normalisation.
describe('phantom generation', () => {
  bench('pelvis, full size (200×150×100)', () => void buildPhantom('pelvis', 1, { scale: 1 }), {
    iterations: 3,
    warmupIterations: 1,
  });
  bench('head, full size (133×160×88)', () => void buildPhantom('head', 1, { scale: 1 }), {
    iterations: 3,
    warmupIterations: 1,
  });
  bench('pelvis, scale 4 (50×38×25)', () => void buildPhantom('pelvis', 1, { scale: 4 }), { iterations: 10 });
});

describe('sCT error models (full-size pelvis)', () => {
  const c = buildPhantom('pelvis', 1, { scale: 1 });
  bench(
    'hu-offset + bone-scale + air-pocket=extra',
    () => void applySctErrors(c, parseSctErrors(['hu-offset=20', 'bone-scale=0.8', 'air-pocket=extra'])),
    { iterations: 3 },
  );
  bench('bone-blur=2', () => void applySctErrors(c, parseSctErrors(['bone-blur=2'])), { iterations: 3 });
  bench('body-shift=5', () => void applySctErrors(c, parseSctErrors(['body-shift=5'])), { iterations: 3 });
});
