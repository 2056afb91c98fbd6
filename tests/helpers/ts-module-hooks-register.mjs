// `node --import ./tests/helpers/ts-module-hooks-register.mjs src/cli/main.ts ...`: see ts-module-hooks.mjs.
import { register } from 'node:module';

register('./ts-module-hooks.mjs', import.meta.url);
