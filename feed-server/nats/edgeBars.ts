/**
 * The bars of an edge: a mirror of the source's BARS stream, for every symbol on offer (watched
 * here or not). One consumer reads `bars.>` from the oldest stored bar and then follows live, so
 * a new edge holds the full history (the simulator's past included) once it has caught up, and
 * every edge holds exactly the source's bars: the source aggregates, edges only copy, which is
 * why two edges return identical bars. The open bar follows the source's writes (once a second).
 * After a reconnect the consumer continues after the last bar it handed on, so none is missed.
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { isInterval, type Interval } from "../../lib/bars/types";
import { decodeTaggedBar } from "../bars/barJson";
import { BARS_STREAM, BARS_SUBJECT_PREFIX } from "../bars/jetstreamBarStore";
import type { SourceSink, Timers } from "../tickSource";
import { SubjectConsumer } from "./subjectConsumer";

export interface EdgeBarsContext {
  js: JetStreamClient;
  jsm: JetStreamManager;
  timers: Timers;
  now: () => number;
  heartbeatMs: number;
  /** The local server's sink, undefined once stopped. */
  sink(): SourceSink | undefined;
  /** The epoch the edge numbers in: a bar's seq counts only when written in it. */
  epoch(): string | undefined;
  stream?: string;
  subjectPrefix?: string;
}

export type EdgeBarsState = "loading" | "live";

const utf8 = new TextDecoder();

/** Symbol and interval of a BARS subject `<prefix>.<SYMBOL>.<interval>` (symbols may hold dots). */
export function parseBarSubject(prefix: string, subject: string): { symbol: string; interval: Interval } | undefined {
  if (!subject.startsWith(`${prefix}.`)) return undefined;
  const rest = subject.slice(prefix.length + 1);
  const dot = rest.lastIndexOf(".");
  const interval = rest.slice(dot + 1);
  const symbol = rest.slice(0, Math.max(0, dot));
  return dot > 0 && isInterval(interval) ? { symbol, interval } : undefined;
}

export class EdgeBars {
  state: EdgeBarsState = "loading";
  /** Bars handed to the server, and those skipped (not a bar, unknown subject). */
  received = 0;
  skipped = 0;
  /** Milliseconds from start to caught up with the stored history. */
  loadMs: number | undefined;
  private readonly consumer: SubjectConsumer;
  private readonly prefix: string;
  private readonly startedAt: number;
  /** The stream's last sequence when reading began, and the newest sequence handed on. */
  private target: number | undefined;
  private handedSeq = 0;

  constructor(private readonly c: EdgeBarsContext) {
    this.prefix = c.subjectPrefix ?? BARS_SUBJECT_PREFIX;
    this.startedAt = c.now();
    this.consumer = new SubjectConsumer({
      js: c.js,
      jsm: c.jsm,
      timers: c.timers,
      stream: c.stream ?? BARS_STREAM,
      subject: `${this.prefix}.>`,
      heartbeatMs: c.heartbeatMs,
      onMessage: (data, pending, subject, seq) => this.onMessage(data, pending, subject, seq),
      onCaughtUp: () => this.caughtUp(),
      onRestart: () => undefined,
    });
    this.consumer.rewind();
    void this.learnTarget(c.stream ?? BARS_STREAM);
  }

  /**
   * The history is read once the stream's last message at start has been handed on: under a
   * steady flow of open-bar writes `pending` rarely reaches 0. No stream yet: nothing to read.
   */
  private async learnTarget(stream: string): Promise<void> {
    try {
      const info = await this.c.jsm.streams.info(stream);
      this.target = info.state.last_seq;
      if (this.target === 0 || this.handedSeq >= this.target) this.caughtUp();
    } catch (err) {
      if (/stream not found/i.test((err as Error).message)) this.caughtUp();
      // Otherwise (NATS slow or away) `pending` reaching 0 says it instead.
    }
  }

  /** NATS came back: continue after the last bar handed on. */
  restart(reason: string): void {
    this.consumer.restart(reason);
  }

  stop(): void {
    this.consumer.stop();
  }

  health(): Record<string, unknown> {
    return { state: this.state, received: this.received, skipped: this.skipped, loadMs: this.loadMs ?? null, pending: this.consumer.pending, restarts: this.consumer.restarts };
  }

  private onMessage(data: Uint8Array, pending: number, subject: string, seq: number): void {
    this.handedSeq = seq;
    const sink = this.c.sink();
    const series = parseBarSubject(this.prefix, subject);
    const decoded = series ? decodeTaggedBar(utf8.decode(data)) : undefined;
    if (!sink || !series || !decoded) {
      this.skipped++;
      if (sink && (!series || !decoded)) sink.report("malformed", `${subject}: not a bar`);
    } else {
      this.received++;
      const seq = decoded.tag && decoded.tag.e === this.c.epoch() ? decoded.tag.s : 0;
      sink.bar?.(series.symbol, series.interval, decoded.bar, seq);
    }
    if (pending === 0 || (this.target !== undefined && seq >= this.target)) this.caughtUp();
  }

  private caughtUp(): void {
    if (this.state === "live") return;
    this.state = "live";
    this.loadMs = this.c.now() - this.startedAt;
  }
}
