/** Wall-clock time per pipeline stage (ms), for provenance; announces each stage as it starts. */
export class StageTimer {
  private readonly times: Record<string, number> = {};

  constructor(private readonly onStage: (stage: string) => void = () => {}) {}

  run<T>(stage: string, fn: () => T): T {
    this.onStage(stage);
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.record(stage, performance.now() - t0);
    }
  }

  async runAsync<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    this.onStage(stage);
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.record(stage, performance.now() - t0);
    }
  }

  private record(stage: string, ms: number): void {
    this.times[stage] = Math.round(((this.times[stage] ?? 0) + ms) * 10) / 10;
  }

  /** A copy of the timings so far. */
  timingsMs(): Record<string, number> {
    return { ...this.times };
  }
}
