/**
 * better-sqlite3 is an optional dependency: its native addon is compiled at install time where no
 * prebuilt binary fits, and a machine that cannot build it must still install and run the feed
 * from memory. So it is loaded here, on first use (FEED_DATA_DIR set), never at import time; a
 * bundled build (esbuild) leaves a createRequire call alone, so the bundle does not need it either.
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";

export type SqliteConstructor = typeof BetterSqlite3;

/** better-sqlite3 is missing or its native addon does not load on this machine. */
export class SqliteUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `the SQLite engine (better-sqlite3) cannot be loaded: ${reason}. ` +
        "Install it (npm install better-sqlite3@12; building needs python3, make and g++), or leave FEED_DATA_DIR unset to keep bars in memory",
    );
    this.name = "SqliteUnavailableError";
  }
}

let loaded: SqliteConstructor | undefined;

/**
 * The better-sqlite3 constructor, or a SqliteUnavailableError. The addon itself loads on the first
 * `new Database()`, so a throwaway in-memory database proves it works before a store relies on it.
 */
export function loadSqlite(require?: (id: string) => unknown): SqliteConstructor {
  if (loaded && !require) return loaded;
  let Database: SqliteConstructor;
  try {
    Database = (require ?? createRequire(import.meta.url))("better-sqlite3") as SqliteConstructor;
    new Database(":memory:").close();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new SqliteUnavailableError(e.code === "MODULE_NOT_FOUND" ? "the package is not installed" : (e.message ?? String(err)).split("\n")[0]!);
  }
  if (!require) loaded = Database;
  return Database;
}
