import { Writable } from 'node:stream';
import { runCli } from '../cli/run-cli.js';
import { serveWorkerTasks } from './worker-pool.js';

/**
 * Worker thread of `equidose cohort`: runs `equidose validate <argv>` in-process for one case at a time, exactly
 * as the command line would, and returns its exit code and the tail of its stderr (the one-line error on failure).
 */

/** What the cohort asks of a worker: the full validate command line (`['validate', '--ct', …]`). */
export interface CaseTaskPayload {
  readonly argv: readonly string[];
}

export interface CaseTaskResult {
  readonly exitCode: number;
  /** Last stderr lines (progress and, on failure, the error line). */
  readonly stderrTail: string;
}

const TAIL_CHARS = 4000;

serveWorkerTasks<CaseTaskPayload, CaseTaskResult>(async ({ argv }) => {
  let stderr = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(chunk.toString());
        callback();
      },
    });
  const exitCode = await runCli(argv, {
    stdout: sink(() => undefined),
    stderr: sink((s) => {
      stderr = (stderr + s).slice(-TAIL_CHARS);
    }),
  });
  return { exitCode, stderrTail: stderr };
});
