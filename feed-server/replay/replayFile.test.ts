import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadReplayFile, ReplayFileError } from "./replayFile";

const dir = mkdtempSync(join(tmpdir(), "tickwire-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(name: string, text: string): string {
  const path = join(dir, `${counter++}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** Loads expecting failure; returns the error so tests can check file, line and message. */
function loadError(path: string): ReplayFileError {
  try {
    loadReplayFile(path);
  } catch (err) {
    if (err instanceof ReplayFileError) return err;
    throw err;
  }
  throw new Error(`expected ${path} to fail to load`);
}

const GOOD_NDJSON = [
  `{"symbol":"AAPL","price":231.5,"size":100,"ts":1764095000123}`,
  `{"symbol":"BTC-USD","price":97000.12,"size":0.0213,"ts":1764095000123}`,
  ``,
  `{"symbol":"AAPL","price":231.51,"size":0,"ts":1764095000400,"note":"extra fields are ignored"}`,
  ``,
].join("\n");

describe("loadReplayFile", () => {
  it("reads NDJSON, skipping blank lines", () => {
    expect(loadReplayFile(file("ok.ndjson", GOOD_NDJSON))).toEqual([
      { symbol: "AAPL", price: 231.5, size: 100, ts: 1764095000123 },
      { symbol: "BTC-USD", price: 97000.12, size: 0.0213, ts: 1764095000123 },
      { symbol: "AAPL", price: 231.51, size: 0, ts: 1764095000400 },
    ]);
  });

  it("reads CSV with reordered and extra columns, CRLF endings and a byte order mark", () => {
    const csv = "\uFEFFts,venue,Size,symbol,price\r\n1764095000123,\"XNAS, main\",100,AAPL,231.5\r\n\r\n1764095000200,XNYS,300,MSFT,420.25\r\n";
    expect(loadReplayFile(file("ok.csv", csv))).toEqual([
      { symbol: "AAPL", price: 231.5, size: 100, ts: 1764095000123 },
      { symbol: "MSFT", price: 420.25, size: 300, ts: 1764095000200 },
    ]);
  });

  it("detects the format from the content when the extension does not say", () => {
    expect(loadReplayFile(file("session.txt", GOOD_NDJSON))).toHaveLength(3);
    expect(loadReplayFile(file("session.dat", "symbol,price,size,ts\nAAPL,1,1,5\n"))).toHaveLength(1);
  });

  const line2 = (text: string) => `{"symbol":"AAPL","price":1,"size":1,"ts":1000}\n${text}\n`;
  it.each([
    ["a price that is text", line2(`{"symbol":"AAPL","price":"abc","size":1,"ts":1001}`), 'price must be a positive number, got "abc"'],
    ["a zero price", line2(`{"symbol":"AAPL","price":0,"size":1,"ts":1001}`), "price must be a positive number, got 0"],
    ["a negative size", line2(`{"symbol":"AAPL","price":1,"size":-5,"ts":1001}`), "size must be a number >= 0, got -5"],
    ["a fractional ts", line2(`{"symbol":"AAPL","price":1,"size":1,"ts":1001.5}`), "ts must be whole milliseconds since the Unix epoch, got 1001.5"],
    ["a lower-case symbol", line2(`{"symbol":"aapl","price":1,"size":1,"ts":1001}`), 'symbol must be upper case like AAPL, BRK.B or BTC-USD, got "aapl"'],
    ["a missing field", line2(`{"symbol":"AAPL","size":1,"ts":1001}`), "missing price"],
    ["broken JSON", line2(`{"symbol":"AAPL",`), "not valid JSON ("],
    ["a JSON array", line2(`[1,2,3]`), "expected a JSON object like"],
  ])("NDJSON with %s names line 2 and the problem", (_what, text, message) => {
    const path = file("bad.ndjson", text);
    const err = loadError(path);
    expect(err.line).toBe(2);
    expect(err.message.startsWith(`${path}:2: ${message}`)).toBe(true);
  });

  it.each([
    ["a price that is text", "AAPL,abc,1,1001", 'price must be a positive number, got "abc"'],
    ["an infinite price", "AAPL,Infinity,1,1001", 'price must be a positive number, got "Infinity"'],
    ["an empty size", "AAPL,1,,1001", "missing size"],
    ["a ts that is a date", "AAPL,1,1,2025-11-25", 'ts must be whole milliseconds since the Unix epoch, got "2025-11-25"'],
    ["too few fields", "AAPL,1", "expected at least 4 fields as in the header, got 2"],
    ["an unterminated quote", 'AAPL,1,1,"1001', "unterminated quoted field"],
  ])("CSV with %s names the line (blank lines counted) and the problem", (_what, row, message) => {
    const path = file("bad.csv", `symbol,price,size,ts\n\nAAPL,1,1,1000\n${row}\n`);
    const err = loadError(path);
    expect(err.message).toContain(`${path}:4: ${message}`);
  });

  it("refuses a CSV header without the required columns", () => {
    const path = file("noheader.csv", "AAPL,1,1,1000\n");
    expect(loadError(path).message).toBe(
      `${path}:1: header lacks columns "symbol", "price", "size", "ts" (expected a header like symbol,price,size,ts, got "AAPL,1,1,1000")`,
    );
    expect(loadError(file("twice.csv", "symbol,price,size,ts,price\n")).message).toMatch(/:1: header names column "price" twice$/);
  });

  it("refuses timestamps that go backwards instead of sorting them", () => {
    const text = [1000, 1000, 2000, 1500].map((ts) => `{"symbol":"AAPL","price":1,"size":1,"ts":${ts}}`).join("\n");
    const path = file("backwards.ndjson", text);
    expect(loadError(path).message).toBe(
      `${path}:4: ts 1500 goes back in time from 2000 on line 3; a recording must be in time order (sort it first)`,
    );
  });

  it("refuses a file without ticks", () => {
    const empty = file("empty.ndjson", "");
    expect(loadError(empty).message).toBe(`${empty}: has no ticks (the file is empty)`);
    expect(loadError(empty).line).toBeUndefined();
    const blank = file("blank.ndjson", "\n  \n\n");
    expect(loadError(blank).message).toBe(`${blank}: has no ticks (the file is empty)`);
    const headerOnly = file("header.csv", "symbol,price,size,ts\n");
    expect(loadError(headerOnly).message).toBe(`${headerOnly}: has a header but no ticks`);
  });

  it("names the path of a missing file or a directory", () => {
    const missing = join(dir, "nope.ndjson");
    expect(loadError(missing).message).toBe(`${missing}: file not found`);
    const sub = join(dir, "sub.ndjson");
    mkdirSync(sub);
    expect(loadError(sub).message).toBe(`${sub}: is a directory, not a file`);
  });

  it("accepts a truncated last line (no newline at the end) with a warning naming it", () => {
    const cut = `${GOOD_NDJSON.trimEnd()}\n{"symbol":"AAPL","price":231.6,"si`;
    const warnings: string[] = [];
    const path = file("cut.ndjson", cut);
    expect(loadReplayFile(path, { warn: (w) => warnings.push(w) })).toHaveLength(3);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^${path}:5: last line is incomplete \\(no newline at the end of the file\\); skipped it: not valid JSON`))]);
  });

  it("still refuses a bad last line that ends with a newline, and a bad line before the last", () => {
    expect(loadError(file("bad-last.ndjson", `${GOOD_NDJSON.trimEnd()}\n{"symbol":"AAPL","price":231.6,"si\n`)).line).toBe(5);
    expect(loadError(file("bad-middle.ndjson", `{"symbol":"AAPL","pri\n${GOOD_NDJSON.trimEnd()}`)).line).toBe(1);
  });

  it("loads the sample session shipped in data/", () => {
    const ticks = loadReplayFile(fileURLToPath(new URL("../../data/sample-session.ndjson", import.meta.url)));
    expect(ticks.length).toBeGreaterThan(1000);
    expect(new Set(ticks.map((t) => t.symbol))).toEqual(new Set(["AAPL", "MSFT", "NVDA", "SPY", "BTC-USD", "ETH-USD"]));
  });
});
