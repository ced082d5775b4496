/**
 * `npm run record -- --out FILE [--url URL] [--symbols A,B] [--duration 60s]`: records a live
 * tickwire feed into a replay file (NDJSON) that FEED_SOURCE=replay plays back.
 * Exit 0 = recorded (also when stopped with Ctrl-C), 1 = the recording failed (the file keeps
 * what came before the failure), 2 = bad arguments.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { isValidSymbol } from "../lib/protocol";
import { record, RecordError, type RecorderEvent, type RecordSummary } from "../feed-server/replay/recorder";

export const USAGE = `usage: npm run record -- --out FILE [--url ws://127.0.0.1:9001/ws] [--symbols AAPL,MSFT] [--duration 60s]
  --out FILE       NDJSON file to write (replaced if it exists)
  --url URL        feed server WebSocket URL (default ws://127.0.0.1:9001/ws)
  --symbols LIST   comma-separated symbols (default: every symbol the server offers)
  --duration TIME  how long to record: 500ms, 30s, 2m or 1h (default 60s)`;

export interface RecordArgs {
  out: string;
  url: string;
  /** Undefined = every symbol of the server's welcome. */
  symbols: string[] | undefined;
  durationMs: number;
}

export type ParsedArgs = { kind: "record"; args: RecordArgs } | { kind: "help" } | { kind: "error"; error: string };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "500ms", "30s", "2m", "1.5h" to milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Math.round(Number(match[1]) * UNITS[match[2]!]!);
  return ms > 0 ? ms : undefined;
}

const OPTIONS = ["out", "url", "symbols", "duration"] as const;
type Option = (typeof OPTIONS)[number];

/** Reads `--name value` and `--name=value`; every problem names the argument it is about. */
export function parseRecordArgs(argv: readonly string[]): ParsedArgs {
  const fail = (error: string): ParsedArgs => ({ kind: "error", error });
  const given = new Map<Option, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    const name = OPTIONS.find((o) => o === match?.[1]);
    if (!match || !name) return fail(arg.startsWith("-") ? `unknown option "${arg}"` : `unexpected argument "${arg}"`);
    if (given.has(name)) return fail(`--${name} given twice`);
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) return fail(`--${name} needs a value`);
      value = next;
      i++;
    }
    given.set(name, value);
  }

  const out = given.get("out")?.trim();
  if (!out) return fail("--out FILE is required");

  const url = given.get("url")?.trim() ?? "ws://127.0.0.1:9001/ws";
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "ws:" && protocol !== "wss:") return fail(`--url must be a ws:// or wss:// URL, got "${url}"`);

  let symbols: string[] | undefined;
  const rawSymbols = given.get("symbols");
  if (rawSymbols !== undefined) {
    symbols = [...new Set(rawSymbols.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean))];
    if (symbols.length === 0) return fail("--symbols names no symbol");
    const bad = symbols.find((s) => !isValidSymbol(s));
    if (bad !== undefined) return fail(`--symbols: "${bad}" is not a symbol (expected e.g. AAPL, BRK.B, BTC-USD)`);
  }

  const rawDuration = given.get("duration") ?? "60s";
  const durationMs = parseDuration(rawDuration);
  if (durationMs === undefined) return fail(`--duration must be a positive time like 500ms, 30s or 2m, got "${rawDuration}"`);

  return { kind: "record", args: { out, url, symbols, durationMs } };
}

/** One line: how much of what was recorded, and whether anything is missing. */
export function summaryLine(s: RecordSummary): string {
  const per = Object.entries(s.perSymbol)
    .map(([symbol, n]) => `${symbol} ${n}`)
    .join(", ");
  return `recorded ${s.total} ticks in ${(s.durationMs / 1000).toFixed(1)} s to ${s.out} (${per || "no ticks"}); seq gaps ${s.gaps}, reconnects ${s.reconnects}`;
}

function describe(event: RecorderEvent): string {
  switch (event.type) {
    case "connected":
      return event.resuming ? `reconnected (epoch ${event.epoch}), resuming` : `connected (epoch ${event.epoch})`;
    case "recording":
      return `recording ${event.symbols.join(", ")}`;
    case "disconnected":
      return `disconnected (${event.code}${event.reason ? ` ${event.reason}` : ""})`;
    case "reconnecting":
      return `reconnecting in ${event.delayMs} ms (attempt ${event.attempt})`;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseRecordArgs(argv);
  if (parsed.kind === "help") {
    console.log(USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    console.error(`record: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const { args } = parsed;
  const recording = record({ ...args, onEvent: (e) => console.error(`[record] ${describe(e)}`) });
  // Ctrl-C ends the recording early but cleanly: the file is complete up to that moment.
  process.once("SIGINT", () => recording.stop());
  process.once("SIGTERM", () => recording.stop());
  try {
    console.log(summaryLine(await recording.done));
    return 0;
  } catch (err) {
    if (!(err instanceof RecordError)) throw err;
    console.error(`record: ${err.message}`);
    console.error(summaryLine(err.summary));
    return 1;
  }
}

/** True when this file is the program being run (not imported by a test). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error("record: unexpected error", err);
      process.exit(1);
    },
  );
}
