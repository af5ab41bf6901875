// Pause / resume / stop for a running experiment, checked by the training loop between steps.
export class RunControl {
  private pausedFlag = false;
  private stoppedFlag = false;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }
  get stopped(): boolean {
    return this.stoppedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }
  resume(): void {
    this.pausedFlag = false;
    this.wake?.();
  }
  stop(): void {
    this.stoppedFlag = true;
    this.wake?.();
  }

  /** Resolves at once unless paused; then when resumed or stopped. */
  async waitIfPaused(): Promise<void> {
    while (this.pausedFlag && !this.stoppedFlag) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
