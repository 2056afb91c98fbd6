import type { CommandIo } from './command.js';

/** Reports fraction done (0..1) of a named step. Stage functions accept one as an optional callback. */
export type ProgressCallback = (fractionDone: number) => void;

export interface ProgressReporter {
  readonly update: ProgressCallback;
  done(): void;
}

/**
 * A progress bar on a TTY (redrawn in place), or concise lines every 20 % when stderr is not a TTY.
 * Nothing is printed for steps that finish within `quietMs` (default 1 s).
 */
export function createProgress(
  io: Pick<CommandIo, 'stderr'>,
  label: string,
  quietMs = 1000,
): ProgressReporter {
  const start = Date.now();
  const tty = io.stderr.isTTY === true;
  let lastStep = -1;
  let shown = false;
  const elapsed = (): string => `${((Date.now() - start) / 1000).toFixed(1)} s`;
  return {
    update(fraction: number) {
      const f = Math.min(1, Math.max(0, fraction));
      if (Date.now() - start < quietMs) return;
      shown = true;
      if (tty) {
        const width = 30;
        const filled = Math.round(f * width);
        io.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${elapsed()}`,
        );
      } else {
        const step = Math.floor(f * 5);
        if (step > lastStep) {
          lastStep = step;
          io.stderr.write(`${label}: ${(f * 100).toFixed(0)}% (${elapsed()})\n`);
        }
      }
    },
    done() {
      if (!shown) return;
      io.stderr.write(
        tty ? `\r${label} done in ${elapsed()}${' '.repeat(30)}\n` : `${label}: done in ${elapsed()}\n`,
      );
    },
  };
}
