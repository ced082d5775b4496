/**
 * The loss bookkeeping of a well-behaved client, kept apart from any socket so it can be tested
 * on its own. Per symbol it holds the epoch and the newest seq the client has.
 *
 * - Ticks lost: seqs of an epoch the client held up to and then never received: a snapshot
 *   (resumed or not) whose first tick is beyond the held seq + 1, or a live tick that skips.
 * - Epoch resets: a snapshot arriving in another epoch than the one the symbol was held in. The
 *   numbering restarted, so what is missing cannot be counted; the scenario decides whether a
 *   reset was allowed.
 */
import type { SnapshotMessage } from "../lib/protocol";

interface Held {
  epoch: string;
  seq: number;
}

export class SeqBooks {
  ticksLost = 0;
  epochResets = 0;
  resumed = 0;
  ticks = 0;
  private epoch = "";
  private readonly held = new Map<string, Held>();

  /** The epoch of the connection's welcome; later snapshots and ticks belong to it. */
  welcome(epoch: string): void {
    this.epoch = epoch;
  }

  get currentEpoch(): string {
    return this.epoch;
  }

  /** What to resume `symbol` from, if the client holds any of it. */
  resumeFrom(symbol: string): Held | undefined {
    return this.held.get(symbol);
  }

  /** The seq held of `symbol` in the current epoch (0 for none). */
  seq(symbol: string): number {
    const h = this.held.get(symbol);
    return h && h.epoch === this.epoch ? h.seq : 0;
  }

  /** True once the symbol has had a snapshot in the current epoch. */
  has(symbol: string): boolean {
    return this.held.get(symbol)?.epoch === this.epoch;
  }

  snapshot(s: SnapshotMessage): void {
    const before = this.held.get(s.symbol);
    if (s.resumed) this.resumed++;
    if (before && before.epoch !== this.epoch) {
      this.epochResets++;
    } else if (before) {
      const first = s.ticks[0]?.seq ?? s.seq + 1;
      if (first > before.seq + 1 && s.seq > before.seq) this.ticksLost += first - before.seq - 1;
    }
    const kept = before && before.epoch === this.epoch ? before.seq : 0;
    this.held.set(s.symbol, { epoch: this.epoch, seq: Math.max(s.seq, kept) });
  }

  tick(symbol: string, seq: number): void {
    this.ticks++;
    const h = this.held.get(symbol);
    if (!h || h.epoch !== this.epoch) return;
    if (seq > h.seq + 1) this.ticksLost += seq - h.seq - 1;
    if (seq > h.seq) h.seq = seq;
  }
}
