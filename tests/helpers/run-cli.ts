import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

/** What one in-process CLI run left: its exit code and everything it printed. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process and captures its output. */
export async function runCliCaptured(argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        append(chunk.toString());
        cb();
      },
    });
  const code = await runCli(argv, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  });
  return { code, stdout, stderr };
}

/** What a refused run must show: its exit code, its one stderr line, and the outputs it must not have written. */
export interface Refusal {
  /** 1: a failed run (bad input); 2: bad usage. */
  readonly code: 1 | 2;
  /** Matched against stderr (a string must appear in it as is). */
  readonly message?: RegExp | string;
  /** Paths that must not exist afterwards; their folders must hold no `.equidose-tmp*` file either. */
  readonly unwritten?: readonly string[];
  /** The run gets far enough to print progress lines (`[  0.0 s] read inputs`) before its one error line. */
  readonly afterProgress?: boolean;
}

/** A stage line of `equidose validate` (validate-run.ts): `[  1.2 s] stage`. */
const PROGRESS_LINE = /^\[\s*\d+\.\d s\] /;

/**
 * Runs the CLI expecting the refusal contract: exit `code`, exactly one line on stderr matching `message` (after
 * progress lines only where `afterProgress` says so), and nothing written at `unwritten` (no output, no
 * half-written atomic-write temp file beside it). Returns the run for any further check.
 */
export async function expectCliRefuses(argv: string[], refusal: Refusal): Promise<CliResult> {
  const r = await runCliCaptured(argv);
  const what = `equidose ${argv.join(' ')}\n${r.stderr}`;
  expect(r.code, what).toBe(refusal.code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(refusal.afterProgress ? lines.filter((l) => !PROGRESS_LINE.test(l)) : lines, what).toHaveLength(1);
  if (refusal.message !== undefined) expect(r.stderr, what).toMatch(refusal.message);
  for (const path of refusal.unwritten ?? []) {
    expect(existsSync(path), `${path} was written`).toBe(false);
    const folder = dirname(path);
    const temps = existsSync(folder) ? readdirSync(folder).filter((n) => n.startsWith('.equidose-tmp')) : [];
    expect(temps, `temp files beside ${basename(path)}`).toEqual([]);
  }
  return r;
}
