/**
 * Records a live feed into a replay file: subscribes over protocol v1, writes live ticks (never
 * snapshot history) as NDJSON in time order, and survives a dropped connection by resuming with
 * epoch + since, so the recording has no hole. When it cannot resume it stops and says so: a
 * recording that silently misses ticks would replay a session that never happened.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import WebSocket from "ws";
import { decodeServerFrame, type ServerMessage, type TickPoint } from "../../lib/protocol";
import { realTimers, type Timers } from "../tickSource";
import type { ReplayTick } from "./replayFile";
import { replayLine, TimeOrderBuffer } from "./timeOrder";

export interface RecordOptions {
  /** Feed server WebSocket URL, e.g. ws://127.0.0.1:9001/ws. */
  url: string;
  /** File to write (created or truncated). */
  out: string;
  /** Symbols to record. Default: every symbol the server's welcome offers. */
  symbols?: readonly string[];
  /** How long to record, from the first welcome. */
  durationMs: number;
  /** Reconnect attempts in a row before giving up on a lost connection. Default 5. */
  maxReconnects?: number;
  /**
   * No frame at all for this long means the connection is dead without having closed (a network
   * drop sends no FIN): it is cut and resumed. A ping is sent every half of it, so a quiet feed
   * still answers. Default 30 000 ms.
   */
  watchdogMs?: number;
  /** How far out of ts order ticks of different symbols may arrive and still be sorted. Default 1000 ms. */
  reorderWindowMs?: number;
  /** Writes bytes like fs.writeSync(fd, buffer, offset, length); tests inject a full disk. */
  write?: (fd: number, buffer: Buffer, offset: number, length: number) => number;
  WebSocket?: typeof WebSocket;
  timers?: Timers;
  now?: () => number;
  onEvent?: (event: RecorderEvent) => void;
}

export type RecorderEvent =
  | { type: "connected"; epoch: string; resuming: boolean }
  /** Every symbol's snapshot arrived: from here on each tick is recorded. */
  | { type: "recording"; symbols: string[] }
  | { type: "disconnected"; code: number; reason: string }
  | { type: "reconnecting"; attempt: number; delayMs: number };

export interface RecordProgress {
  /** Ticks received per symbol (written once they leave the reorder window). */
  perSymbol: Record<string, number>;
  total: number;
  /** Ticks in the file: whole lines only (fewer than total while the reorder window holds some). */
  written: number;
  /** Seq jumps seen in live ticks; 0 unless the server broke its contract. */
  gaps: number;
  reconnects: number;
}

export interface RecordSummary extends RecordProgress {
  out: string;
  durationMs: number;
  stoppedBy: "duration" | "stop";
}

export class RecordError extends Error {
  constructor(
    message: string,
    /** What was written before the failure; the file holds these ticks, in order. */
    readonly summary: RecordSummary,
  ) {
    super(message);
    this.name = "RecordError";
  }
}

export interface Recording {
  /** Resolves when recording ends normally; rejects with RecordError otherwise. The file is closed either way. */
  readonly done: Promise<RecordSummary>;
  /** Ends the recording now (as on SIGINT), keeping everything received. */
  stop(): void;
  readonly progress: RecordProgress;
}

type Phase =
  | { kind: "connecting"; attempt: number }
  /** Subscribed, waiting for these snapshots; ticks meanwhile are held so a resume batch can be put in ts order. */
  | { kind: "subscribing"; awaiting: Set<string>; resuming: boolean; held: ReplayTick[] }
  | { kind: "recording" }
  | { kind: "done" };

/** Write failures that mean "no room" or "not allowed", in words an operator acts on. */
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: "disk full (ENOSPC)",
  EDQUOT: "disk quota exceeded (EDQUOT)",
  EFBIG: "file too large (EFBIG)",
  EROFS: "read-only file system (EROFS)",
  EIO: "input/output error (EIO)",
};

const backoffMs = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 4000);

export function record(options: RecordOptions): Recording {
  if (!(options.durationMs > 0) || !Number.isFinite(options.durationMs)) throw new RangeError(`durationMs must be a positive number, got ${options.durationMs}`);
  const Ws = options.WebSocket ?? WebSocket;
  const timers = options.timers ?? realTimers;
  const now = options.now ?? Date.now;
  const maxReconnects = options.maxReconnects ?? 5;
  const emit = options.onEvent ?? (() => {});
  const order = new TimeOrderBuffer(options.reorderWindowMs ?? 1000);
  const progress: RecordProgress = { perSymbol: {}, total: 0, written: 0, gaps: 0, reconnects: 0 };
  const writeBytes = options.write ?? ((fd: number, buffer: Buffer, offset: number, length: number) => writeSync(fd, buffer, offset, length));
  /** Bytes of whole lines in the file: where it is cut back to when a write fails halfway. */
  let committed = 0;
  let writeFailure: string | undefined;
  const lastSeq = new Map<string, number>();
  let symbols: string[] | undefined;
  let epoch: string | undefined;
  let startedAt: number | undefined;
  let phase: Phase = { kind: "connecting", attempt: 0 };
  let socket: WebSocket | undefined;
  let lastError: string | undefined;
  /** The duration runs from the first welcome, through any reconnects. */
  let durationTimer: unknown;
  let reconnectTimer: unknown;
  let watchdogTimer: unknown;
  let lastFrameAt = 0;
  let pingId = 0;
  const watchdogMs = options.watchdogMs ?? 30_000;
  let settle!: { resolve: (s: RecordSummary) => void; reject: (e: Error) => void };
  const done = new Promise<RecordSummary>((resolve, reject) => (settle = { resolve, reject }));

  let fd: number | undefined;
  try {
    fd = openSync(options.out, "w");
  } catch (err) {
    const error = new RecordError(`cannot open ${options.out} for writing: ${(err as Error).message}`, summary("stop"));
    return { done: Promise.reject(error), stop: () => {}, progress };
  }

  function summary(stoppedBy: RecordSummary["stoppedBy"]): RecordSummary {
    return { ...progress, perSymbol: { ...progress.perSymbol }, out: options.out, durationMs: startedAt === undefined ? 0 : now() - startedAt, stoppedBy };
  }

  /**
   * Appends whole lines. A write can stop partway (a short write, then ENOSPC), so on failure the
   * file is cut back to the last whole line and nothing more is written. Returns the failure, in
   * words an operator acts on, for the caller to end the recording with.
   */
  function write(ticks: ReplayTick[]): string | undefined {
    if (writeFailure !== undefined) return writeFailure;
    if (ticks.length === 0 || fd === undefined) return undefined;
    const bytes = Buffer.from(ticks.map(replayLine).join(""));
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeBytes(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const what = WRITE_ERRORS[code ?? ""] ?? `cannot write (${(err as Error).message})`;
      try {
        ftruncateSync(fd, committed); // shrinking needs no free space
      } catch {
        // The file may end in a partial line; replay skips a cut last line with a warning.
      }
      writeFailure = `${what} writing ${options.out}: the recording stops; the file keeps the ${progress.written} complete ticks written before`;
      return writeFailure;
    }
    committed += bytes.length;
    progress.written += ticks.length;
    return undefined;
  }

  /** The one way a recording ends: flush what is held, close socket and file, settle. */
  function finish(stoppedBy: RecordSummary["stoppedBy"], failure?: string): void {
    if (phase.kind === "done") return;
    const lateError = releaseHeld();
    phase = { kind: "done" };
    for (const handle of [durationTimer, reconnectTimer, watchdogTimer]) if (handle !== undefined) timers.clearTimeout(handle);
    socket?.close(1000, "recording finished");
    const drainFailure = write(order.drain());
    const message = failure ?? lateError ?? drainFailure;
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    if (message === undefined) settle.resolve(summary(stoppedBy));
    else settle.reject(new RecordError(message, summary(stoppedBy)));
  }

  /**
   * Ticks held while snapshots were awaited are counted in lastSeq already, so they must reach
   * the file whatever happens next (all snapshots in, a drop, the end). Merged by ts, because a
   * resume delivers them symbol by symbol. Returns the error if one is too late to fit.
   */
  function releaseHeld(): string | undefined {
    if (phase.kind !== "subscribing") return undefined;
    const held = phase.held.splice(0).sort((a, b) => a.ts - b.ts);
    for (const tick of held) {
      const pushed = order.push(tick);
      if (!pushed.ok) return pushed.error;
      const failed = write(pushed.released);
      if (failed !== undefined) return failed;
    }
    return undefined;
  }

  function connect(): void {
    const ws = new Ws(options.url);
    socket = ws;
    ws.on("open", () => {
      lastFrameAt = now();
      watch(ws);
    });
    ws.on("message", (data, isBinary) => {
      if (socket !== ws || isBinary) return;
      lastFrameAt = now();
      const parsed = decodeServerFrame(data.toString());
      if (!parsed.ok) return finish("stop", `the server sent a frame that is not protocol v1 (${parsed.error})`);
      onMessage(parsed.value);
    });
    ws.on("error", (err) => (lastError = err.message));
    ws.on("close", (code, reason) => {
      if (socket !== ws) return;
      socket = undefined;
      if (watchdogTimer !== undefined) timers.clearTimeout(watchdogTimer);
      watchdogTimer = undefined;
      onClose(code, reason.toString());
    });
  }

  function watch(ws: WebSocket): void {
    watchdogTimer = timers.setTimeout(() => {
      watchdogTimer = undefined;
      if (socket !== ws || phase.kind === "done") return;
      if (now() - lastFrameAt >= watchdogMs) {
        lastError = `no frame from the server for ${watchdogMs} ms`;
        ws.terminate(); // the close event takes the reconnect path
        return;
      }
      ws.send(JSON.stringify({ op: "ping", id: ++pingId }));
      watch(ws);
    }, watchdogMs / 2);
  }

  function onClose(code: number, reason: string): void {
    if (phase.kind === "done") return;
    const why = lastError ?? (reason || `close code ${code}`);
    lastError = undefined;
    if (epoch === undefined) return finish("stop", `cannot connect to ${options.url}: ${why}`);
    const lateError = releaseHeld();
    if (lateError !== undefined) return finish("stop", lateError);
    emit({ type: "disconnected", code, reason: why });
    const attempt = phase.kind === "connecting" ? phase.attempt + 1 : 1;
    if (attempt > maxReconnects) {
      return finish("stop", `connection to ${options.url} lost (${why}) and ${maxReconnects} reconnect attempts failed; the recording stops here`);
    }
    phase = { kind: "connecting", attempt };
    const delayMs = backoffMs(attempt);
    emit({ type: "reconnecting", attempt, delayMs });
    progress.reconnects++;
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined;
      if (phase.kind !== "done") connect();
    }, delayMs);
  }

  function onMessage(msg: ServerMessage): void {
    if (phase.kind === "done") return;
    switch (msg.type) {
      case "welcome":
        return onWelcome(msg.epoch, msg.symbols);
      case "snapshot":
        return onSnapshot(msg.symbol, msg.seq, msg.resumed, msg.ticks);
      case "tick":
        return onTick(msg.symbol, msg);
      case "error":
        return finish("stop", `the server refused the subscription: ${msg.code} ${msg.message}`);
      case "status":
      case "pong":
      case "unsubscribed":
      case "bar": // the recorder subscribes to ticks only
      case "authed":
        return;
      default: {
        const unreachable: never = msg;
        return unreachable;
      }
    }
  }

  function onWelcome(serverEpoch: string, offered: string[]): void {
    const resuming = epoch !== undefined;
    if (resuming && serverEpoch !== epoch) {
      return finish("stop", `cannot resume: the server restarted its numbering (epoch ${epoch} became ${serverEpoch}), so ticks in between are lost`);
    }
    if (!symbols) {
      const wanted = options.symbols ? [...options.symbols] : offered;
      const missing = wanted.filter((s) => !offered.includes(s));
      if (missing.length > 0) return finish("stop", `the server does not offer ${missing.join(", ")} (it offers ${offered.join(", ")})`);
      if (wanted.length === 0) return finish("stop", "the server offers no symbols");
      symbols = wanted;
      // Listed in subscription order, and a symbol that never ticks still shows up as 0.
      for (const s of symbols) progress.perSymbol[s] = 0;
      startedAt = now();
      durationTimer = timers.setTimeout(() => finish("duration"), options.durationMs);
    }
    epoch = serverEpoch;
    emit({ type: "connected", epoch: serverEpoch, resuming });
    phase = { kind: "subscribing", awaiting: new Set(symbols), resuming, held: [] };
    const since = resuming ? Object.fromEntries(symbols.map((s) => [s, lastSeq.get(s) ?? 0])) : undefined;
    socket?.send(JSON.stringify({ op: "subscribe", symbols, ...(since ? { epoch, since } : {}) }));
  }

  function onSnapshot(symbol: string, seq: number, resumed: boolean, ticks: TickPoint[]): void {
    if (phase.kind !== "subscribing" || !phase.awaiting.has(symbol)) return;
    if (!phase.resuming) {
      lastSeq.set(symbol, seq); // history before the recording started is not part of it
    } else if (!resumed) {
      return finish("stop", `cannot resume ${symbol} after seq ${lastSeq.get(symbol) ?? 0}: the server no longer holds the ticks in between, so the recording would have a hole`);
    } else {
      for (const t of ticks) onTick(symbol, t);
    }
    phase.awaiting.delete(symbol);
    if (phase.awaiting.size > 0) return;
    const lateError = releaseHeld();
    if (lateError !== undefined) return finish("stop", lateError);
    phase = { kind: "recording" };
    emit({ type: "recording", symbols: symbols ?? [] });
  }

  function onTick(symbol: string, t: TickPoint): void {
    const last = lastSeq.get(symbol);
    if (last === undefined || t.seq <= last) return; // not subscribed yet, or a duplicate
    if (t.seq !== last + 1) progress.gaps++;
    lastSeq.set(symbol, t.seq);
    progress.perSymbol[symbol] = (progress.perSymbol[symbol] ?? 0) + 1;
    progress.total++;
    const tick: ReplayTick = { symbol, price: t.price, size: t.size, ts: t.ts };
    if (phase.kind === "subscribing") phase.held.push(tick);
    else accept(tick);
  }

  function accept(tick: ReplayTick): void {
    if (phase.kind === "done") return;
    const pushed = order.push(tick);
    const failed = pushed.ok ? write(pushed.released) : pushed.error;
    if (failed !== undefined) finish("stop", failed);
  }

  connect();
  return {
    done,
    stop: () => finish("stop"),
    get progress() {
      return progress;
    },
  };
}
