import type { SubscribeOp, UnsubscribeOp } from "../protocol";

type Op = "subscribe" | "unsubscribe";

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
   */
  take(): (SubscribeOp | UnsubscribeOp)[] {
    const subscribe: string[] = [];
    const unsubscribe: string[] = [];
    for (const [symbol, { first, last }] of this.pending) {
      if (last === "subscribe") subscribe.push(symbol);
      else if (first === "unsubscribe") unsubscribe.push(symbol);
    }
    this.pending.clear();
    const frames: (SubscribeOp | UnsubscribeOp)[] = [];
    // Unsubscribe first, so a full connection has room for the new symbols.
    if (unsubscribe.length > 0) frames.push({ op: "unsubscribe", symbols: unsubscribe });
    if (subscribe.length > 0) frames.push({ op: "subscribe", symbols: subscribe });
    return frames;
  }
}
