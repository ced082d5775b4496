/**
 * A process that writes bars to a SQLite bar store until it is killed: the subject of the
 * SIGKILL test. Usage: node --import tsx sqliteWriter.ts <dir> <flushMs>
 * Append number i goes to the 1s bar t = T0 + floor(i / 5) s, so every bar is appended five
 * times as it "grows" (c and n = i). After each completed flush it prints `flushed <i>`: the last
 * append number that flush wrote.
 */
import { pathToFileURL } from "node:url";
import { openSqliteBarStore } from "../sqliteBarStore";

export const WRITER_T0 = 1_764_000_000_000;
export const APPENDS_PER_BAR = 5;

// Runs only as a script: the test imports the constants above without starting a writer.
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const [dir, flushMsArg] = process.argv.slice(2);
if (isMain && dir && flushMsArg) {
  let i = -1;
  const store = openSqliteBarStore({
    dir,
    maxBars: { "1s": 1_000_000, "1m": 10, "5m": 10, "15m": 10, "1h": 10, "1d": 10 },
    flushMs: Number(flushMsArg),
    onFlush: () => process.stdout.write(`flushed ${i}\n`),
    onWriteError: (err) => process.stderr.write(`write failed: ${err.message}\n`),
  });
  setInterval(() => {
    for (let k = 0; k < 5; k++) {
      i++;
      const c = 100 + i;
      store.append("KILL", "1s", { t: WRITER_T0 + Math.floor(i / APPENDS_PER_BAR) * 1000, o: 100, h: c, l: 100, c, v: i, n: i });
    }
  }, 1);
  process.stdout.write("ready\n");
}
