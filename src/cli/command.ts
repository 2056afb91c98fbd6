import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/errors.js';

/** Option spec for node:util parseArgs, plus a help line per option. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  readonly help: string;
  readonly valueName?: string;
};

/** Parsed values as parseArgs returns them. */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Where a command writes: stdout for results, stderr for progress and warnings. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** True when --debug was given: errors print their stack. */
  readonly debug: boolean;
}

/**
 * Runs a command on its parsed options; resolves to the exit code (0 success). Throws PipelineError on failure.
 */
export type CommandRun = (values: OptionValues, positionals: string[], io: CommandIo) => Promise<number>;

/**
 * One `equidose <name>` sub-command, as help and argument parsing see it. Each command is two files in
 * src/cli/commands/: `<name>.ts` holds this descriptor and imports nothing heavy; `<name>-run.ts` holds the
 * implementation, which pulls in the pipeline (dcmjs, onnxruntime-node, gpu.js, mathjs, ...). Why the split:
 * `load` reaches the implementation with a dynamic import(), so `equidose --help` or `equidose info` does not
 * load every command's dependencies first (tests/unit/cli/lazy-commands.test.ts keeps it so).
 */
export interface CliCommand {
  readonly name: string;
  /** One line for `equidose --help`. */
  readonly summary: string;
  /** Usage synopsis, e.g. `equidose info <file> [--json]`. */
  readonly usage: string;
  /** Longer description printed by `equidose <name> --help`. */
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Whether positional arguments are accepted. */
  readonly allowPositionals: boolean;
  /** Loads the implementation (`import('./<name>-run.js')`); called only once the arguments parsed. */
  load(): Promise<CommandRun>;
}

/** Reads a required string option or throws UsageError. */
export function requireString(values: OptionValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageErrorForOption(name);
  return v;
}

/** Reads an optional string option. */
export function optionalString(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads an optional number option (throws UsageError when not a finite number). */
export function optionalNumber(values: OptionValues, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n))
    throw new UsageErrorForOption(name, `--${name} needs a number, got '${String(v)}'`);
  return n;
}

class UsageErrorForOption extends UsageError {
  constructor(option: string, message = `missing required option --${option}`) {
    super(message, { option });
  }
}
