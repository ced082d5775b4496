import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config";
import { loadSqlite, SqliteUnavailableError } from "./loadSqlite";
import { openBarStore } from "./openBarStore";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "tickwire-open-"));
  dirs.push(d);
  return d;
};

describe("openBarStore (FEED_DATA_DIR)", () => {
  it("opens no store without FEED_DATA_DIR: bars stay in memory", () => {
    expect(openBarStore(loadConfig({}))).toBeUndefined();
  });

  it("opens SQLite in the directory, creating it, with the memory retention as its bound", async () => {
    const dir = join(tempDir(), "nested", "data");
    const store = openBarStore(loadConfig({ FEED_DATA_DIR: dir }))!;
    try {
      expect(store.kind).toBe("sqlite");
      expect(store.path).toBe(join(dir, "bars.sqlite"));
      store.append("AAPL", "1m", { t: 60_000, o: 1, h: 2, l: 1, c: 2, v: 3, n: 2 });
      // No timer of its own: nothing is written until the server flushes.
      expect(store.stats()).toMatchObject({ pending: 1, written: 0 });
      await store.flush();
      expect(store.stats()).toMatchObject({ pending: 0, written: 1 });
    } finally {
      await store.close();
    }
  });

  it("turns a directory it cannot use into a ConfigError naming FEED_DATA_DIR", () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "not a directory");
    const open = () => openBarStore(loadConfig({ FEED_DATA_DIR: file }));
    expect(open).toThrow(ConfigError);
    expect(open).toThrow(/^FEED_DATA_DIR: ".*a-file": bar store: cannot open .*a-file\/bars\.sqlite/);
  });
});

describe("loadSqlite (better-sqlite3 as an optional dependency)", () => {
  it("says how to fix a missing package", () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: "MODULE_NOT_FOUND" });
    };
    expect(() => loadSqlite(missing)).toThrow(SqliteUnavailableError);
    expect(() => loadSqlite(missing)).toThrow(/better-sqlite3\) cannot be loaded: the package is not installed\. Install it .* or leave FEED_DATA_DIR unset/);
  });

  it("reports a native addon that does not load on this machine, at load time rather than at the first write", () => {
    const brokenAddon = () =>
      function Database() {
        throw new Error("Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node");
      };
    expect(() => loadSqlite(brokenAddon)).toThrow(/cannot be loaded: Could not locate the bindings file\. Tried:\. Install it/);
  });

  it("loads the installed package", () => {
    expect(typeof loadSqlite()).toBe("function");
  });
});
