/**
 * What travels on the TICKS stream: one JSON message per tick or status change, on the subject
 * `ticks.<SYMBOL>`. Every message names the epoch its seq belongs to, so an edge can tell the
 * current owner's ticks from a previous owner's that are still in the per-subject history.
 * Decoding narrows untrusted bytes (anyone with NATS access can publish there) to a typed message.
 */
import { isValidSymbol, type ParseResult, type SourceState, type Tick } from "../../lib/protocol";

export const STREAM = "TICKS";
export const SUBJECT_PREFIX = "ticks.";

/** A tick message is ~150 bytes; anything far bigger on a tick subject is not ours. */
export const MAX_BUS_MESSAGE_BYTES = 1024;
const MAX_EPOCH_LENGTH = 64;
const MAX_REASON_LENGTH = 200;

export type BusMessage =
  | ({ kind: "tick"; epoch: string } & Tick)
  | { kind: "status"; epoch: string; symbol: string; state: SourceState; reason?: string };

/**
 * The subject of a symbol, or undefined when the symbol cannot be one: SYMBOL_PATTERN allows dots,
 * and NATS splits subjects into tokens at dots, so "A..B" or "BRK." would have an empty token.
 */
export function subjectOf(symbol: string): string | undefined {
  return symbol.split(".").every((token) => token.length > 0) ? SUBJECT_PREFIX + symbol : undefined;
}

export function symbolOf(subject: string): string {
  return subject.slice(SUBJECT_PREFIX.length);
}

/** Numbers are finite and symbols match SYMBOL_PATTERN, so a template is valid JSON; the epoch is quoted once by the caller. */
export function encodeTick(epochJson: string, t: Tick): string {
  return `{"kind":"tick","epoch":${epochJson},"symbol":"${t.symbol}","seq":${t.seq},"price":${t.price},"size":${t.size},"ts":${t.ts}}`;
}

export function encodeStatus(epoch: string, symbol: string, state: SourceState, reason?: string): string {
  return JSON.stringify({ kind: "status", epoch, symbol, state, ...(reason === undefined ? {} : { reason }) });
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFiniteAtLeast(value: unknown, min: number): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= min;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Parses one message from the subject of `symbol`; a message naming another symbol is rejected. */
export function decodeBusMessage(data: Uint8Array, symbol: string): ParseResult<BusMessage> {
  if (data.byteLength > MAX_BUS_MESSAGE_BYTES) return fail(`oversized: ${data.byteLength} bytes (limit ${MAX_BUS_MESSAGE_BYTES})`);
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch {
    return fail("not UTF-8 JSON");
  }
  if (!isRecord(value)) return fail("not a JSON object");
  const { kind, epoch } = value;
  if (typeof epoch !== "string" || epoch.length === 0 || epoch.length > MAX_EPOCH_LENGTH) return fail('"epoch" must be a short string');
  if (value.symbol !== symbol || !isValidSymbol(value.symbol)) return fail(`"symbol" must be ${symbol}, the subject's symbol`);
  switch (kind) {
    case "tick": {
      const { seq, price, size, ts } = value;
      if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) return fail('"seq" must be an integer >= 1');
      if (!isFiniteAtLeast(price, 0) || !isFiniteAtLeast(size, 0) || !isFiniteAtLeast(ts, 0)) {
        return fail('"price", "size" and "ts" must be finite numbers >= 0');
      }
      return { ok: true, value: { kind, epoch, symbol, seq, price, size, ts } };
    }
    case "status": {
      const { state, reason } = value;
      if (state !== "live" && state !== "stale") return fail('"state" must be live or stale');
      if (reason !== undefined && (typeof reason !== "string" || reason.length > MAX_REASON_LENGTH)) return fail('"reason" must be a short string');
      return { ok: true, value: { kind, epoch, symbol, state, ...(reason === undefined ? {} : { reason }) } };
    }
    default:
      return fail('"kind" must be tick or status');
  }
}
