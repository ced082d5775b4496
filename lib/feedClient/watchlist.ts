import type { SnapshotMessage, SubscribeOp } from "../protocol";
import { INTERVALS } from "../bars/types";
import { subscribeFrame, type FeedMode } from "./subscriptionBatch";

interface WatchedSymbol {
  /** Number of live `watch()` handles. */
  refs: number;
  /** Live handles per mode; the symbol is subscribed in the mode `modeFor` picks from them. */
  modes: Map<FeedMode, number>;
  /** The mode the symbol is (being) subscribed in. */
  mode: FeedMode;
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

  /** The mode `symbol` is subscribed in (ticks when not watched). */
  modeOf(symbol: string): FeedMode {
    return this.entries.get(symbol)?.mode ?? "ticks";
  }

  /**
   * Adds a watcher; true when the server must be told: the first watcher, or one whose mode
   * changes the symbol's mode (then the symbol starts afresh from the next snapshot).
   */
  retain(symbol: string, mode: FeedMode = "ticks"): boolean {
    const entry = this.entries.get(symbol);
    if (entry) {
      entry.refs += 1;
      entry.modes.set(mode, (entry.modes.get(mode) ?? 0) + 1);
      return this.updateMode(entry);
    }
    this.entries.set(symbol, { refs: 1, modes: new Map([[mode, 1]]), mode, lastSeq: null, epoch: null, awaitingSnapshot: true });
    return true;
  }

  /**
   * After the last watcher of a mode leaves, the symbol keeps the mode the others need; true when
   * it changed, i.e. the server must be told (subscribe again in the new mode).
   */
  releaseChangedMode(symbol: string): boolean {
    const entry = this.entries.get(symbol);
    return entry ? this.updateMode(entry) : false;
  }

  private updateMode(entry: WatchedSymbol): boolean {
    const next = modeFor(entry.modes);
    if (next === entry.mode) return false;
    entry.mode = next;
    // The other mode's position does not carry over: ask for a full snapshot.
    entry.lastSeq = null;
    entry.awaitingSnapshot = true;
    return true;
  }

  /**
   * Removes a watcher; true when it was the last. The resume position is forgotten with it: a
   * later watch starts from a fresh snapshot, because the ticks in between were never received.
   */
  release(symbol: string, mode: FeedMode = "ticks"): boolean {
    const entry = this.entries.get(symbol);
    if (!entry) return false;
    entry.refs -= 1;
    const left = (entry.modes.get(mode) ?? 0) - 1;
    if (left > 0) entry.modes.set(mode, left);
    else entry.modes.delete(mode);
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
    if (!entry || entry.awaitingSnapshot || entry.lastSeq === null || entry.mode !== "ticks") return "ignore";
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
   * Whether a `bar` frame may reach listeners: the symbol is watched for bars of that interval and
   * has had its snapshot. Its seq (the bar's last tick) becomes the resume position.
   */
  acceptBar(symbol: string, interval: FeedMode, seq: number): boolean {
    const entry = this.entries.get(symbol);
    if (!entry || entry.awaitingSnapshot || entry.mode !== interval) return false;
    if (entry.lastSeq === null || seq > entry.lastSeq) entry.lastSeq = seq;
    return true;
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
    // A late answer to the symbol's previous mode: the snapshot of the current one follows.
    if ((snapshot.interval ?? "ticks") !== entry.mode) return null;
    // Bar snapshots resume by bar (the first may be one we hold, grown), not tick by tick.
    const continues = snapshot.interval !== undefined ? entry.lastSeq !== null : continuesFrom(entry.lastSeq, snapshot);
    const result = snapshot.resumed && !continues ? { ...snapshot, resumed: false } : snapshot;
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
    return this.resubscribeFrames(resumeEpoch, skip)[0] ?? null;
  }

  /** As `resubscribeFrame`, one frame per mode (ticks, bars of each interval), ticks first. */
  resubscribeFrames(resumeEpoch: string | null, skip: readonly string[] = []): SubscribeOp[] {
    const groups = new Map<FeedMode, { symbols: string[]; since: Record<string, number>; resumable: number }>();
    for (const [symbol, entry] of this.entries) {
      if (skip.includes(symbol)) continue;
      let group = groups.get(entry.mode);
      if (!group) {
        group = { symbols: [], since: {}, resumable: 0 };
        groups.set(entry.mode, group);
      }
      group.symbols.push(symbol);
      entry.awaitingSnapshot = true;
      if (resumeEpoch !== null && entry.lastSeq !== null && entry.epoch === resumeEpoch) {
        group.since[symbol] = entry.lastSeq;
        group.resumable += 1;
      }
    }
    const frames: SubscribeOp[] = [];
    for (const [mode, group] of [...groups].sort(([a], [b]) => (a === "ticks" ? -1 : b === "ticks" ? 1 : 0))) {
      const frame = subscribeFrame(group.symbols, mode);
      if (resumeEpoch !== null && group.resumable > 0) {
        frame.epoch = resumeEpoch;
        frame.since = group.since;
      }
      frames.push(frame);
    }
    return frames;
  }

  /** Subscribe frame that asks the server for the ticks after our last seq of `symbol`. */
  resyncFrame(symbol: string, epoch: string | null): SubscribeOp | null {
    const entry = this.entries.get(symbol);
    if (!entry || entry.lastSeq === null) return null;
    entry.awaitingSnapshot = true;
    const frame: SubscribeOp = { ...subscribeFrame([symbol], entry.mode), since: { [symbol]: entry.lastSeq } };
    if (epoch !== null) frame.epoch = epoch;
    return frame;
  }
}

/** Ticks win (a tick watcher needs every trade, and day stats follow from ticks); else the finest interval. */
function modeFor(modes: ReadonlyMap<FeedMode, number>): FeedMode {
  if (modes.has("ticks") || modes.size === 0) return "ticks";
  for (const mode of INTERVALS) if (modes.has(mode)) return mode;
  return "ticks";
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
