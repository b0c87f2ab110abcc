/**
 * A one-shot timeout that can be paused and resumed: paused, the time already waited is
 * kept and only the rest is waited after `resume()`. It starts running when made.
 */
export class PausableTimer {
  private remaining: number;
  private startedAt = 0;
  private handle: ReturnType<typeof setTimeout> | null = null;
  private finished = false;

  constructor(
    private readonly onElapsed: () => void,
    ms: number,
  ) {
    this.remaining = ms;
    this.resume();
  }

  get paused(): boolean {
    return !this.finished && this.handle === null;
  }

  pause(): void {
    if (this.handle === null) return;
    clearTimeout(this.handle);
    this.handle = null;
    this.remaining = Math.max(0, this.remaining - (Date.now() - this.startedAt));
  }

  resume(): void {
    if (this.finished || this.handle !== null) return;
    this.startedAt = Date.now();
    this.handle = setTimeout(() => {
      this.handle = null;
      this.finished = true;
      this.onElapsed();
    }, this.remaining);
  }

  /** Stops it for good: `onElapsed` will not run. */
  cancel(): void {
    this.finished = true;
    if (this.handle !== null) clearTimeout(this.handle);
    this.handle = null;
  }
}
