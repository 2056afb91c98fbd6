import type { CliCommand } from '../command.js';
import { cohortCommand } from './cohort.js';
import { convertCommand } from './convert.js';
import { demoCommand } from './demo.js';
import { doseCommand } from './dose.js';
import { dvhCommand } from './dvh.js';
import { gammaCommand } from './gamma.js';
import { infoCommand } from './info.js';
import { metricsCommand } from './metrics.js';
import { phantomCommand } from './phantom.js';
import { synthCommand } from './synth.js';
import { validateCommand } from './validate.js';

/**
 * Every sub-command, in the order `equidose --help` lists them. Add one line per new command: its descriptor
 * `<name>.ts` (imports nothing heavy), whose `load` imports `<name>-run.ts` only when the command runs, so
 * importing this table stays cheap (tests/unit/cli/lazy-commands.test.ts).
 */
export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  validateCommand,
  infoCommand,
  convertCommand,
  synthCommand,
  doseCommand,
  phantomCommand,
  cohortCommand,
  gammaCommand,
  dvhCommand,
  metricsCommand,
];
