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

/** One `equidose <name>` sub-command. Commands live one per file in src/cli/commands/. */
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
  /** Runs the command; resolves to the exit code (0 success). Throws PipelineError on failure. */
  run(values: OptionValues, positionals: string[], io: CommandIo): Promise<number>;
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
