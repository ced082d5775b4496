import { TimerSlot } from "./timerSlot";

export interface HeartbeatOptions {
  /** Pause between a pong (or going live) and the next ping, in ms. */
  intervalMs: number;
  /** How long a ping may stay unanswered before `onTimeout`, in ms. */
  timeoutMs: number;
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  sendPing: (id: number) => void;
  onRoundTrip: (ms: number) => void;
  onTimeout: () => void;
}

/**
 * App-level ping watchdog. TCP can stay "open" for minutes after a network path dies (laptop
 * lid, NAT timeout), and browsers expose no protocol-level ping, so only an application round
 * trip proves the feed is still flowing. One timer slot serves both phases: waiting to ping,
 * then waiting for that ping's pong.
 */
export class Heartbeat {
  private readonly timer: TimerSlot;
  private lastId = 0;
  /** Id of the ping awaiting its pong, or null between pings. */
  private outstandingId: number | null = null;
  private sentAt = 0;

  constructor(private readonly options: HeartbeatOptions) {
    this.timer = new TimerSlot(options.setTimeout, options.clearTimeout);
  }

  get running(): boolean {
    return this.timer.armed;
  }

  start(): void {
    this.outstandingId = null;
    this.timer.set(() => this.ping(), this.options.intervalMs);
  }

  stop(): void {
    this.outstandingId = null;
    this.timer.clear();
  }

  /** Returns false for a pong that answers no outstanding ping (late, duplicated or forged). */
  handlePong(id: number): boolean {
    if (this.outstandingId === null || id !== this.outstandingId) return false;
    const roundTrip = this.options.now() - this.sentAt;
    this.start();
    this.options.onRoundTrip(roundTrip);
    return true;
  }

  private ping(): void {
    this.lastId += 1;
    this.outstandingId = this.lastId;
    this.sentAt = this.options.now();
    // Arm the watchdog before sending: if sending throws or the socket is dying, the timeout
    // still fires and the client reconnects.
    this.timer.set(() => {
      this.outstandingId = null;
      this.options.onTimeout();
    }, this.options.timeoutMs);
    this.options.sendPing(this.lastId);
  }
}
