/**
 * Recorded sessions on disk: NDJSON (one `{"symbol","price","size","ts"}` object a line) or CSV
 * with a header naming the columns symbol, price, size and ts in any order. A file is untrusted
 * input, so every line is validated and the first bad one fails the whole load with its file
 * and line number: a replay that silently skipped or reordered ticks would show a different
 * session from the one recorded.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { isValidSymbol } from "../../lib/protocol";

/** One recorded trade. Replay numbers seqs itself, so files carry none. */
export interface ReplayTick {
  symbol: string;
  price: number;
  size: number;
  /** Milliseconds since the Unix epoch, as recorded. */
  ts: number;
}

export type ReplayFormat = "ndjson" | "csv";

export class ReplayFileError extends Error {
  constructor(
    readonly file: string,
    /** 1-based; undefined when the problem is the file as a whole. */
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = "ReplayFileError";
  }
}

const COLUMNS = ["symbol", "price", "size", "ts"] as const;
type Column = (typeof COLUMNS)[number];

export interface ReplayLoadOptions {
  /**
   * Told about a last line that is cut short (no newline at the end of the file, as a recorder
   * stopped by a full disk leaves it) and was skipped. Default: console.warn.
   */
  warn?: (message: string) => void;
}

/** Reads and validates a whole recording. Throws ReplayFileError naming the file (and line) on any problem. */
export function loadReplayFile(path: string, options: ReplayLoadOptions = {}): ReplayTick[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : `cannot read (${(err as Error).message})`;
    throw new ReplayFileError(path, undefined, why);
  }
  return parseReplayText(text, path, formatOf(path, text), options);
}

/** By extension when it says; otherwise NDJSON lines start with "{" and CSV starts with a header. */
export function formatOf(path: string, text: string): ReplayFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  if (ext === ".csv") return "csv";
  const first = text.replace(/^\uFEFF/, "").trimStart();
  return first.startsWith("{") ? "ndjson" : "csv";
}

/** Parses the text of a recording; `file` only names it in errors. */
export function parseReplayText(text: string, file: string, format: ReplayFormat, options: ReplayLoadOptions = {}): ReplayTick[] {
  // A UTF-8 byte order mark (Excel writes one) is not part of the first line's content.
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  // Only the very last line can be a write cut short, and only when no newline ends the file.
  const cutLine = /\n$/.test(text) || lines.length < 2 ? -1 : lines.length - 1;
  const ticks: ReplayTick[] = [];
  let csvColumns: Map<Column, number> | undefined;
  let previous: { ts: number; line: number } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw.trim() === "") continue;
    if (format === "csv" && !csvColumns) {
      csvColumns = csvHeader(raw, file, lineNo);
      continue;
    }
    let tick: ReplayTick;
    try {
      tick = parseLine(raw, csvColumns, format, file, lineNo);
    } catch (err) {
      if (i !== cutLine || !(err instanceof ReplayFileError)) throw err;
      (options.warn ?? console.warn)(`${file}:${lineNo}: last line is incomplete (no newline at the end of the file); skipped it: ${err.problem}`);
      continue;
    }
    if (previous && tick.ts < previous.ts) {
      throw new ReplayFileError(
        file,
        lineNo,
        `ts ${tick.ts} goes back in time from ${previous.ts} on line ${previous.line}; a recording must be in time order (sort it first)`,
      );
    }
    previous = { ts: tick.ts, line: lineNo };
    ticks.push(tick);
  }
  if (ticks.length === 0) {
    throw new ReplayFileError(file, undefined, format === "csv" && csvColumns ? "has a header but no ticks" : "has no ticks (the file is empty)");
  }
  return ticks;
}

function parseLine(raw: string, csvColumns: Map<Column, number> | undefined, format: ReplayFormat, file: string, line: number): ReplayTick {
  const fields = csvColumns ? csvFields(raw, csvColumns, file, line) : ndjsonFields(raw, file, line);
  return validate(fields, format, file, line);
}

function ndjsonFields(raw: string, file: string, line: number): Record<Column, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    throw new ReplayFileError(file, line, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ReplayFileError(file, line, `expected a JSON object like {"symbol":"AAPL","price":231.5,"size":100,"ts":1764095000123}, got ${show(data)}`);
  }
  const record = data as Record<string, unknown>;
  return { symbol: record.symbol, price: record.price, size: record.size, ts: record.ts };
}

function csvHeader(raw: string, file: string, line: number): Map<Column, number> {
  const names = splitCsvLine(raw, file, line).map((n) => n.trim().toLowerCase());
  const columns = new Map<Column, number>();
  names.forEach((name, index) => {
    const column = COLUMNS.find((c) => c === name);
    if (!column) return; // extra columns are allowed and ignored
    if (columns.has(column)) throw new ReplayFileError(file, line, `header names column "${column}" twice`);
    columns.set(column, index);
  });
  const missing = COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new ReplayFileError(
      file,
      line,
      `header lacks column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")} (expected a header like symbol,price,size,ts, got ${show(raw)})`,
    );
  }
  return columns;
}

function csvFields(raw: string, columns: Map<Column, number>, file: string, line: number): Record<Column, unknown> {
  const values = splitCsvLine(raw, file, line);
  const needed = Math.max(...columns.values()) + 1;
  if (values.length < needed) {
    throw new ReplayFileError(file, line, `expected at least ${needed} fields as in the header, got ${values.length}`);
  }
  const at = (c: Column) => values[columns.get(c)!]!.trim();
  return { symbol: at("symbol"), price: at("price"), size: at("size"), ts: at("ts") };
}

/** One CSV record on one line: commas separate, double quotes may wrap a field and "" escapes a quote. */
function splitCsvLine(raw: string, file: string, line: number): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quoted) {
      if (ch === '"' && raw[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else field += ch;
  }
  if (quoted) throw new ReplayFileError(file, line, "unterminated quoted field (fields may not span lines)");
  fields.push(field);
  return fields;
}

/** CSV fields are text and become numbers here; NDJSON fields must already be JSON numbers. */
function validate(fields: Record<Column, unknown>, format: ReplayFormat, file: string, line: number): ReplayTick {
  const fail = (problem: string): never => {
    throw new ReplayFileError(file, line, problem);
  };
  for (const column of COLUMNS) {
    const value = fields[column];
    if (value === undefined || value === "") fail(`missing ${column}`);
  }
  const { symbol } = fields;
  if (!isValidSymbol(symbol)) fail(`symbol must be upper case like AAPL, BRK.B or BTC-USD, got ${show(symbol)}`);
  const number = (value: unknown): number =>
    format === "csv" && typeof value === "string" ? Number(value) : typeof value === "number" ? value : NaN;
  const price = number(fields.price);
  if (!Number.isFinite(price) || price <= 0) fail(`price must be a positive number, got ${show(fields.price)}`);
  const size = number(fields.size);
  if (!Number.isFinite(size) || size < 0) fail(`size must be a number >= 0, got ${show(fields.size)}`);
  const ts = number(fields.ts);
  if (!Number.isSafeInteger(ts) || ts < 0) fail(`ts must be whole milliseconds since the Unix epoch, got ${show(fields.ts)}`);
  return { symbol: symbol as string, price, size, ts };
}

/** Quotes what was found, shortened, so a message stays one readable line. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
