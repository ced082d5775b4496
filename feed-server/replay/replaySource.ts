/**
 * Plays a recorded session back through the same interface as the simulator, so snapshots,
 * resume and fan-out work unchanged. Seqs are numbered here, per symbol from 1, and keep
 * counting across loops: clients resume by seq, so numbering must never restart within a run.
 */
import type { Tick } from "../../lib/protocol";
import type { SourceSink, Timers, TickSource } from "../tickSource";
import type { ReplayTick } from "./replayFile";

/** 1 = recorded pace, 10 = ten times faster, "max" = as fast as the event loop allows. */
export type ReplaySpeed = 1 | 10 | "max";

export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 10, "max"];

export interface ReplaySourceOptions {
  /** The recording, in time order (as loadReplayFile returns it). Must not be empty. */
  ticks: readonly ReplayTick[];
  speed: ReplaySpeed;
  /** After the last tick, start again from the first with timestamps moved on; otherwise stop emitting. */
  loop: boolean;
  now: () => number;
  timers: Timers;
  /** Play only these symbols of the recording (FEED_SYMBOLS). Each must occur in it. Default: all. */
  symbols?: readonly string[];
  /** Shown in health() so operators can tell which recording is playing. */
  file?: string;
  /** Wait this long after start() before the first tick, e.g. so clients can subscribe first. Default 0. */
  startDelayMs?: number;
  /**
   * Most ticks emitted per timer turn. At "max" this is what keeps the event loop (and with it
   * sending, pings and HTTP) alive between chunks; at 1 and 10 it bounds a catch-up burst. Default 500.
   */
  chunkSize?: number;
}

/** Everything that belongs to one start()..stop(); a callback of an older run sees it replaced and does nothing. */
interface Run {
  sink: SourceSink;
  /** Wall time of the first tick; also the emitted ts of the first tick of the first loop. */
  startAt: number;
  /** Index of the next tick in `ticks`. */
  position: number;
  /** Completed passes through the recording. */
  loops: number;
  finished: boolean;
  seqs: Map<string, number>;
  handle: unknown;
}

export class ReplaySource implements TickSource {
  readonly kind = "replay";
  readonly opens: ReadonlyMap<string, number>;
  private readonly ticks: readonly ReplayTick[];
  /** Recorded ms from the first tick of one loop to the first tick of the next. */
  private readonly loopSpan: number;
  private readonly chunkSize: number;
  private readonly startDelayMs: number;
  private run: Run | undefined;

  constructor(private readonly options: ReplaySourceOptions) {
    const ticks = options.symbols ? onlySymbols(options.ticks, options.symbols) : options.ticks;
    if (ticks.length === 0) throw new RangeError("replay needs at least one tick");
    for (let i = 1; i < ticks.length; i++) {
      if (ticks[i]!.ts < ticks[i - 1]!.ts) throw new RangeError(`replay ticks must be in time order: tick ${i} (ts ${ticks[i]!.ts}) is before tick ${i - 1}`);
    }
    if (!REPLAY_SPEEDS.includes(options.speed)) throw new RangeError(`replay speed must be 1, 10 or "max", got ${JSON.stringify(options.speed)}`);
    this.chunkSize = options.chunkSize ?? 500;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${options.chunkSize}`);
    this.startDelayMs = options.startDelayMs ?? 0;
    if (!Number.isFinite(this.startDelayMs) || this.startDelayMs < 0) throw new RangeError(`startDelayMs must be >= 0, got ${options.startDelayMs}`);

    this.ticks = ticks;
    const opens = new Map<string, number>();
    for (const t of ticks) if (!opens.has(t.symbol)) opens.set(t.symbol, t.price);
    this.opens = opens;
    const first = ticks[0]!.ts;
    const last = ticks[ticks.length - 1]!.ts;
    // The next loop follows the last tick after an average gap, so ts moves strictly forward.
    const meanGap = ticks.length > 1 ? (last - first) / (ticks.length - 1) : 0;
    this.loopSpan = last - first + Math.max(1, Math.round(meanGap));
  }

  get running(): boolean {
    return this.run !== undefined;
  }

  /** Starts playback from the first tick; seqs start at 1 again (the server starts a new epoch with it). */
  start(sink: SourceSink): void {
    if (this.run) throw new Error("replay source already started");
    const startAt = this.options.now() + this.startDelayMs;
    const run: Run = { sink, startAt, position: 0, loops: 0, finished: false, seqs: new Map(), handle: undefined };
    this.run = run;
    run.handle = this.options.timers.setTimeout(() => this.wake(run), this.startDelayMs);
  }

  stop(): void {
    const run = this.run;
    if (!run) return;
    if (run.handle !== undefined) this.options.timers.clearTimeout(run.handle);
    this.run = undefined;
  }

  health(): Record<string, unknown> {
    const run = this.run;
    return {
      replay: {
        ...(this.options.file === undefined ? {} : { file: this.options.file }),
        speed: this.options.speed,
        loop: this.options.loop,
        position: run?.position ?? 0,
        total: this.ticks.length,
        loops: run?.loops ?? 0,
        finished: run?.finished ?? false,
      },
    };
  }

  /** Emits what is due (at most one chunk), then sleeps until the next tick is due. */
  private wake(run: Run): void {
    run.handle = undefined;
    const { speed } = this.options;
    const now = this.options.now();
    for (let emitted = 0; emitted < this.chunkSize; emitted++) {
      if (this.run !== run || run.finished) return; // stopped by a sink callback, or done
      if (speed !== "max" && this.dueAt(run) > now) break;
      this.emitNext(run);
    }
    if (this.run !== run || run.finished) return;
    const wait = speed === "max" ? 0 : Math.max(0, this.dueAt(run) - now);
    run.handle = this.options.timers.setTimeout(() => this.wake(run), wait);
  }

  /** Wall time at which the next tick is due, in whole ms (a timer cannot wait fractions). */
  private dueAt(run: Run): number {
    const speed = this.options.speed as number;
    return run.startAt + Math.ceil(this.recordedOffset(run) / speed);
  }

  /** Recorded ms from the very first tick to the next one, counting completed loops. */
  private recordedOffset(run: Run): number {
    return this.ticks[run.position]!.ts - this.ticks[0]!.ts + run.loops * this.loopSpan;
  }

  private emitNext(run: Run): void {
    const recorded = this.ticks[run.position]!;
    const seq = (run.seqs.get(recorded.symbol) ?? 0) + 1;
    run.seqs.set(recorded.symbol, seq);
    // Timestamps keep the recorded spacing (so charts show the session's shape) from the start time on.
    const ts = run.startAt + this.recordedOffset(run);
    run.position++;
    if (run.position === this.ticks.length) {
      run.loops++;
      // Without loop, position stays at the end so health() reads "total of total".
      if (this.options.loop) run.position = 0;
      else run.finished = true;
    }
    const tick: Tick = { symbol: recorded.symbol, seq, price: recorded.price, size: recorded.size, ts };
    run.sink.tick(tick);
  }
}

function onlySymbols(ticks: readonly ReplayTick[], symbols: readonly string[]): ReplayTick[] {
  const recorded = new Set(ticks.map((t) => t.symbol));
  const missing = symbols.filter((s) => !recorded.has(s));
  if (missing.length > 0) {
    throw new RangeError(`the recording has no ticks of ${missing.join(", ")} (it has ${[...recorded].join(", ")})`);
  }
  const wanted = new Set(symbols);
  return ticks.filter((t) => wanted.has(t.symbol));
}
