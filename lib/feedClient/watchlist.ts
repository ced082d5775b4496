import type { SnapshotMessage, SubscribeOp } from "../protocol";

interface WatchedSymbol {
  /** Number of live `watch()` handles. */
  refs: number;
  /** Newest seq the client has, or null before the symbol's first snapshot. */
  lastSeq: number | null;
  /** Epoch of the connection `lastSeq` came from; seqs are only comparable within one epoch. */
  epoch: string | null;
  /** From (re)subscribe until the snapshot arrives; ticks are ignored meanwhile. */
  awaitingSnapshot: boolean;
}

/** What to do with a live tick; computed without allocating, as it runs once per tick. */
export type TickVerdict = "deliver" | "duplicate" | "gap" | "ignore";

/**
 * Watched symbols with their reference counts and resume positions. Pure bookkeeping, no
 * sockets: the client asks it what to send and whether a frame may reach listeners.
 */
export class Watchlist {
  private readonly entries = new Map<string, WatchedSymbol>();

  get size(): number {
    return this.entries.size;
  }

  /** The watched symbols, in the order they were first watched. */
  symbols(): string[] {
    return [...this.entries.keys()];
  }

  has(symbol: string): boolean {
    return this.entries.has(symbol);
  }

  /** Adds a watcher; true when it is the first, i.e. the server must be told. */
  retain(symbol: string): boolean {
    const entry = this.entries.get(symbol);
    if (entry) {
      entry.refs += 1;
      return false;
    }
    this.entries.set(symbol, { refs: 1, lastSeq: null, epoch: null, awaitingSnapshot: true });
    return true;
  }

  /**
   * Removes a watcher; true when it was the last. The resume position is forgotten with it: a
   * later watch starts from a fresh snapshot, because the ticks in between were never received.
   */
  release(symbol: string): boolean {
    const entry = this.entries.get(symbol);
    if (!entry) return false;
    entry.refs -= 1;
    if (entry.refs > 0) return false;
    this.entries.delete(symbol);
    return true;
  }

  /** After a disconnect every symbol needs a new snapshot on the next connection. */
  expectSnapshots(): void {
    for (const entry of this.entries.values()) entry.awaitingSnapshot = true;
  }

  lastSeq(symbol: string): number | null {
    return this.entries.get(symbol)?.lastSeq ?? null;
  }

  classifyTick(symbol: string, seq: number): TickVerdict {
    const entry = this.entries.get(symbol);
    if (!entry || entry.awaitingSnapshot || entry.lastSeq === null) return "ignore";
    if (seq <= entry.lastSeq) return "duplicate";
    if (seq !== entry.lastSeq + 1) {
      // Hold the symbol until the resync snapshot: anything delivered now would leave a hole.
      entry.awaitingSnapshot = true;
      return "gap";
    }
    entry.lastSeq = seq;
    return "deliver";
  }

  /**
   * Records a snapshot and returns the one to hand to listeners, or null when the symbol is not
   * watched (a late answer to a released subscription). A `resumed: true` snapshot whose ticks
   * do not continue exactly from our last seq is passed on as `resumed: false`, so the store
   * replaces the history instead of appending across a hole.
   */
  acceptSnapshot(snapshot: SnapshotMessage, epoch: string | null): SnapshotMessage | null {
    const entry = this.entries.get(snapshot.symbol);
    if (!entry) return null;
    const result =
      snapshot.resumed && !continuesFrom(entry.lastSeq, snapshot) ? { ...snapshot, resumed: false } : snapshot;
    entry.lastSeq = snapshot.seq;
    entry.epoch = epoch;
    entry.awaitingSnapshot = false;
    return result;
  }

  /**
   * The one subscribe frame sent after a welcome: every watched symbol but `skip` (those wait
   * for a token that allows them, and are subscribed later), with `since` for those
   * whose position belongs to `resumeEpoch` (the epoch of the connection before this one).
   * Positions from an older epoch are left out, since the server would misread them as seqs
   * of `resumeEpoch`; those symbols get a full snapshot instead.
   */
  resubscribeFrame(resumeEpoch: string | null, skip: readonly string[] = []): SubscribeOp | null {
    const symbols: string[] = [];
    const since: Record<string, number> = {};
    let resumable = 0;
    for (const [symbol, entry] of this.entries) {
      if (skip.includes(symbol)) continue;
      symbols.push(symbol);
      entry.awaitingSnapshot = true;
      if (resumeEpoch !== null && entry.lastSeq !== null && entry.epoch === resumeEpoch) {
        since[symbol] = entry.lastSeq;
        resumable += 1;
      }
    }
    if (symbols.length === 0) return null;
    if (resumeEpoch === null || resumable === 0) return { op: "subscribe", symbols };
    return { op: "subscribe", symbols, epoch: resumeEpoch, since };
  }

  /** Subscribe frame that asks the server for the ticks after our last seq of `symbol`. */
  resyncFrame(symbol: string, epoch: string | null): SubscribeOp | null {
    const entry = this.entries.get(symbol);
    if (!entry || entry.lastSeq === null) return null;
    entry.awaitingSnapshot = true;
    const frame: SubscribeOp = { op: "subscribe", symbols: [symbol], since: { [symbol]: entry.lastSeq } };
    if (epoch !== null) frame.epoch = epoch;
    return frame;
  }
}

/** True when the snapshot's ticks are exactly lastSeq+1 .. snapshot.seq, in order. */
function continuesFrom(lastSeq: number | null, snapshot: SnapshotMessage): boolean {
  if (lastSeq === null) return false;
  let expected = lastSeq + 1;
  for (const tick of snapshot.ticks) {
    if (tick.seq !== expected) return false;
    expected += 1;
  }
  return snapshot.seq === expected - 1;
}
