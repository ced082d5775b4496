/**
 * One named timer that is either armed or not. Arming it again replaces the old timeout, so a
 * slot can never leak a second timer; `armed` lets tests and stop() prove nothing is pending.
 */
export class TimerSlot {
  private handle: unknown = undefined;
  private isArmed = false;

  constructor(
    private readonly setTimer: (fn: () => void, ms: number) => unknown,
    private readonly clearTimer: (handle: unknown) => void,
  ) {}

  get armed(): boolean {
    return this.isArmed;
  }

  set(fn: () => void, ms: number): void {
    this.clear();
    this.isArmed = true;
    this.handle = this.setTimer(() => {
      this.isArmed = false;
      this.handle = undefined;
      fn();
    }, ms);
  }

  clear(): void {
    if (!this.isArmed) return;
    this.isArmed = false;
    const handle = this.handle;
    this.handle = undefined;
    this.clearTimer(handle);
  }
}
