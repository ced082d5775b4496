/**
 * Picks the durable bar store from config at start: FEED_DATA_DIR set = SQLite in that directory,
 * unset = none (bars live in memory only). In the NATS cluster JetStream is the store and
 * FEED_DATA_DIR is refused by the config loader. Whatever stops the store from opening (no
 * better-sqlite3 on this machine, a path that is a file, a database from a newer version) is a
 * ConfigError naming FEED_DATA_DIR: main.ts exits 2 with it.
 */
import { INTERVALS, type Interval } from "../../lib/bars/types";
import { ConfigError } from "../configError";
import type { FeedConfig } from "../config";
import { openSqliteBarStore, type SqliteBarStore } from "./sqliteBarStore";

/** What memory holds of a series: the retention in closed bars, and the open bar beside them. */
export function storeBound(retention: Readonly<Record<Interval, number>>): Record<Interval, number> {
  const out = {} as Record<Interval, number>;
  for (const i of INTERVALS) out[i] = retention[i] + 1;
  return out;
}

export function openBarStore(config: FeedConfig): SqliteBarStore | undefined {
  const dir = config.bars.dataDir;
  if (dir === undefined) return undefined;
  try {
    // The server decides when to write (every FEED_BAR_FLUSH_MS, and at stop): the store keeps no timer of its own.
    return openSqliteBarStore({ dir, maxBars: storeBound(config.bars.retention), flushMs: 0 });
  } catch (err) {
    throw new ConfigError("FEED_DATA_DIR", `"${dir}": ${(err as Error).message}`);
  }
}
