/**
 * Where bars are kept, behind one small interface: in memory (the default), in an embedded
 * SQLite database (FEED_DATA_DIR) or in JetStream (the NATS cluster). The server picks one from
 * config at start; every implementation runs through the same contract suite
 * (barStore.contract.ts).
 */
import type { Bar, Interval } from "../../lib/bars/types";

export interface BarRange {
  /** Inclusive lower bound on `t`; absent = the newest `limit` bars. */
  from?: number;
  /** Exclusive upper bound on `t`; absent = no bound. */
  to?: number;
  /** Most bars returned. */
  limit: number;
}

export interface BarStore {
  readonly kind: "memory" | "sqlite" | "jetstream";
  /**
   * Records a bar of a series. A bar with the same `t` as the series' newest replaces it (the
   * open bar, written again as it grows); a bar older than the newest is refused with an error.
   * Writes may be buffered; `flush()` makes every appended bar durable. `seq` is the newest tick
   * seq in the bar (0 for history); stores read live by other processes (JetStream) keep it.
   */
  append(symbol: string, interval: Interval, bar: Bar, seq?: number): void;
  /** Bars of a series within the range, oldest first. */
  range(symbol: string, interval: Interval, range: BarRange): Promise<Bar[]>;
  /** Writes out everything appended so far. */
  flush(): Promise<void>;
  /** Flushes and releases the store; later calls fail. */
  close(): Promise<void>;
}
