import type { Interval } from "../bars/types";
import type { SubscribeOp, UnsubscribeOp } from "../protocol";

type Op = "subscribe" | "unsubscribe";

/** What a symbol is subscribed for: every tick, or the conflated bars of one interval. */
export type FeedMode = "ticks" | Interval;

/**
 * Subscribe and unsubscribe requests made while live, collected until the end of the current
 * task and then sent as at most one frame of each kind. A page that mounts 50 cards calls
 * watch() 50 times in one go: one op per symbol would exceed the server's rate-limit burst (40
 * ops) and the ops past it would be refused with RATE_LIMITED, leaving those symbols empty.
 * It also folds a release and a re-watch in the same task (React's strict-mode effects) into
 * the one request that matters.
 */
export class SubscriptionBatch {
  /** Per symbol, the first and the latest request of this batch. */
  private readonly pending = new Map<string, { first: Op; last: Op }>();

  add(symbol: string, op: Op): void {
    const entry = this.pending.get(symbol);
    if (entry) entry.last = op;
    else this.pending.set(symbol, { first: op, last: op });
  }

  /** Whether taking the batch now would subscribe to something. */
  hasSubscribe(): boolean {
    for (const { last } of this.pending.values()) if (last === "subscribe") return true;
    return false;
  }

  clear(): void {
    this.pending.clear();
  }

  /**
   * The frames that take the server from its state before the batch (it holds a symbol exactly
   * when the batch's first request for it was an unsubscribe) to the client's state now, and
   * empties the batch.
   * - ends subscribed: subscribe. After unsubscribe + subscribe too: release() forgot the
   *   symbol's position, so the client needs the fresh snapshot a repeated subscribe brings.
   * - ends unsubscribed: unsubscribe, unless the server never heard of the symbol.
   * Subscribes go out as one frame per mode (`modeOf`; ticks unless told), since a subscribe
   * frame names one `bars` interval for all its symbols.
   */
  take(modeOf: (symbol: string) => FeedMode = () => "ticks"): (SubscribeOp | UnsubscribeOp)[] {
    const subscribe = new Map<FeedMode, string[]>();
    const unsubscribe: string[] = [];
    for (const [symbol, { first, last }] of this.pending) {
      if (last === "subscribe") {
        const mode = modeOf(symbol);
        const list = subscribe.get(mode);
        if (list) list.push(symbol);
        else subscribe.set(mode, [symbol]);
      } else if (first === "unsubscribe") unsubscribe.push(symbol);
    }
    this.pending.clear();
    const frames: (SubscribeOp | UnsubscribeOp)[] = [];
    // Unsubscribe first, so a full connection has room for the new symbols.
    if (unsubscribe.length > 0) frames.push({ op: "unsubscribe", symbols: unsubscribe });
    for (const [mode, symbols] of subscribe) frames.push(subscribeFrame(symbols, mode));
    return frames;
  }
}

/** A subscribe frame for `symbols` in one mode: ticks, or bars of an interval. */
export function subscribeFrame(symbols: string[], mode: FeedMode): SubscribeOp {
  return mode === "ticks" ? { op: "subscribe", symbols } : { op: "subscribe", symbols, bars: mode };
}
