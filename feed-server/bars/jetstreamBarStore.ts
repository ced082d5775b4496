/**
 * Bars in JetStream, the store of the NATS cluster: the source appends closed bars, every edge
 * reads the same history, and a new edge gets all of it at once. One stream, BARS, with a subject
 * per series, `bars.<SYMBOL>.<interval>`, one message per bar in time order.
 *
 * Retention: the stream caps every subject at the largest per-interval bar count
 * (max_msgs_per_subject applies to all subjects alike), and flushes trim the subjects they wrote
 * to their own interval's count with a purge that keeps the newest N (once a subject has grown by
 * about 1% of N, so a subject holds at most N + 1%).
 *
 * A bar written again with the same start (the open bar) is published anew; the older message is
 * then deleted, and reads keep the newest message of each start time in case a delete was lost.
 * After a restart the store learns a series' newest stored bar on its first read or flush
 * (`last_by_subj`), and drops queued bars older than it then: `append` can refuse synchronously
 * only once that is known.
 */
import { DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { INTERVALS, type Bar, type Interval } from "../../lib/bars/types";
import { realTimers, type Timers } from "../tickSource";
import { decodeBar, encodeTaggedBar, type BarTag } from "./barJson";
import type { BarRange, BarStore } from "./barStore";
import { checkRange, PendingBars, selectRange, type PendingSeries } from "./pendingBars";

export const BARS_STREAM = "BARS";
export const BARS_SUBJECT_PREFIX = "bars";
/** JetStream API code for "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;
const FETCH_BATCH = 1000;

export interface JetStreamBarStoreOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Most bars kept per series (symbol and interval). */
  maxBars: Readonly<Record<Interval, number>>;
  /** Milliseconds between timed flushes; 0 = only on flush(). */
  flushMs: number;
  /** Stream name and subject prefix; tests use their own, the server the defaults (BARS, bars). */
  stream?: string;
  subjectPrefix?: string;
  /** How long one JetStream request may take, ms. */
  timeoutMs?: number;
  /** Bars queued at most while NATS is unreachable; beyond it the oldest are dropped and counted. */
  maxPending?: number;
  timers?: Timers;
  /**
   * The epoch tick seqs are numbered in: when given, each bar is written with the seq of its
   * newest tick and this epoch (`s`, `e`), so NATS edges mirroring BARS can resume bar
   * subscriptions. Readers of the bar alone ignore the two fields.
   */
  epoch?: () => string | undefined;
  onFlush?: (info: { bars: number; ms: number }) => void;
  /** A flush failed (unwritten bars stay queued), or bars were dropped (`dropped` > 0). */
  onWriteError?: (err: Error, info: { pending: number; dropped: number }) => void;
}

export interface JetStreamBarStore extends BarStore {
  readonly kind: "jetstream";
  readonly stream: string;
  stats(): { pending: number; written: number; failedFlushes: number; dropped: number; lastError?: string };
}

/** The subject of a series, or undefined when the symbol cannot be a subject (an empty token). */
export function barSubject(prefix: string, symbol: string, interval: Interval): string | undefined {
  return symbol.length > 0 && symbol.split(".").every((token) => token.length > 0 && !/[\s*>]/.test(token))
    ? `${prefix}.${symbol}.${interval}`
    : undefined;
}

export function barsStreamConfig(stream: string, prefix: string, maxBars: Readonly<Record<Interval, number>>): Partial<StreamConfig> & { name: string } {
  return {
    name: stream,
    subjects: [`${prefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: Math.max(...INTERVALS.map((i) => maxBars[i])),
  };
}

async function ensureBarsStream(jsm: JetStreamManager, wanted: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.add(wanted);
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== STREAM_NAME_IN_USE) throw err;
    const { config } = await jsm.streams.info(wanted.name);
    await jsm.streams.update(wanted.name, { ...config, ...wanted });
  }
}

/** Creates the stream (or brings it to these limits) and opens the store. */
export async function openJetStreamBarStore(o: JetStreamBarStoreOptions): Promise<JetStreamBarStore> {
  for (const i of INTERVALS) if (!(o.maxBars[i] >= 1)) throw new Error(`bar store: maxBars for ${i} must be at least 1`);
  const stream = o.stream ?? BARS_STREAM;
  await ensureBarsStream(o.jsm, barsStreamConfig(stream, o.subjectPrefix ?? BARS_SUBJECT_PREFIX, o.maxBars));
  return new JetStreamStore(o, stream);
}

interface Stored {
  /** Start time and stream sequence of the series' newest message (t = -Infinity: none). */
  t: number;
  seq: number;
}

class JetStreamStore implements JetStreamBarStore {
  readonly kind = "jetstream" as const;
  private readonly pending = new PendingBars();
  private readonly newest = new Map<string, Stored>();
  private readonly prefix: string;
  private readonly timers: Timers;
  private readonly timeoutMs: number;
  private timer: unknown;
  private closed = false;
  private chain: Promise<void> = Promise.resolve();
  private written = 0;
  private failedFlushes = 0;
  private dropped = 0;
  private lastError: string | undefined;
  /** Messages published per subject since its last trim. */
  private readonly grownSinceTrim = new Map<string, number>();

  constructor(
    private readonly o: JetStreamBarStoreOptions,
    readonly stream: string,
  ) {
    this.prefix = o.subjectPrefix ?? BARS_SUBJECT_PREFIX;
    this.timers = o.timers ?? realTimers;
    this.timeoutMs = o.timeoutMs ?? 5000;
    this.arm();
  }

  private arm(): void {
    if (this.o.flushMs > 0 && !this.closed) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        void this.serialized().then(() => this.arm());
      }, this.o.flushMs);
    }
  }

  private subject(symbol: string, interval: Interval): string {
    const subject = barSubject(this.prefix, symbol, interval);
    if (!subject) throw new Error(`symbol ${JSON.stringify(symbol)} cannot be a NATS subject token`);
    return subject;
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error("bar store is closed");
  }

  append(symbol: string, interval: Interval, bar: Bar, seq?: number): void {
    this.ensureOpen();
    this.subject(symbol, interval);
    const epoch = this.o.epoch?.();
    // The tag rides along in the pending copy (PendingBars copies every field) to encodeTaggedBar.
    const tagged: Bar & BarTag | undefined = epoch !== undefined && seq !== undefined ? { ...bar, s: seq, e: epoch } : undefined;
    this.pending.add(symbol, interval, tagged ?? bar);
  }

  /** The newest stored message of a series, asked of JetStream on first use and then tracked. */
  private async storedNewest(symbol: string, interval: Interval, subject: string): Promise<Stored> {
    const key = subject;
    const known = this.newest.get(key);
    if (known) return known;
    const last = await this.o.jsm.streams.getMessage(this.stream, { last_by_subj: subject });
    const bar = last ? decodeBar(last.string()) : undefined;
    const stored = { t: bar?.t ?? -Infinity, seq: last?.seq ?? 0 };
    // A concurrent publish may have recorded a newer one meanwhile.
    const now = this.newest.get(key);
    if (now) return now;
    this.newest.set(key, stored);
    if (bar) {
      this.pending.learnNewest(symbol, interval, bar.t);
      this.dropped += this.pending.dropOlderThan(symbol, interval, bar.t);
    }
    return stored;
  }

  async range(symbol: string, interval: Interval, range: BarRange): Promise<Bar[]> {
    this.ensureOpen();
    checkRange(range);
    const subject = this.subject(symbol, interval);
    await this.storedNewest(symbol, interval, subject);
    const stored = await this.readSubject(subject);
    return selectRange(stored, this.pending.of(symbol, interval), range);
  }

  /** Every bar stored on a subject, oldest first, the newest message winning for a start time. */
  private async readSubject(subject: string): Promise<Bar[]> {
    const last = await this.o.jsm.streams.getMessage(this.stream, { last_by_subj: subject });
    if (!last) return [];
    const byT = new Map<number, Bar>();
    const consumer = await this.o.js.consumers.get(this.stream, { filter_subjects: subject });
    for (let done = false; !done; ) {
      const batch = await consumer.fetch({ max_messages: FETCH_BATCH, expires: Math.max(1000, this.timeoutMs) });
      let count = 0;
      for await (const m of batch) {
        count++;
        const bar = decodeBar(m.string());
        if (bar) byT.set(bar.t, bar); // a message that is not a bar is skipped, never served
        // Stop at the newest message seen at the start, rather than wait out the fetch's expiry.
        if (m.seq >= last.seq || m.info.pending === 0) {
          done = true;
          break;
        }
      }
      if (count === 0) done = true;
    }
    return [...byT.values()].sort((a, b) => a.t - b.t);
  }

  /** Runs writes one after another, so a timed flush and an explicit one never interleave. */
  private serialized(): Promise<void> {
    const run = this.chain.then(() => this.writeOut());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writeOut(): Promise<void> {
    const batch = this.pending.take();
    if (batch.length === 0) return;
    const started = performance.now();
    const results = await Promise.all(batch.map((s) => this.writeSeries(s)));
    const unwritten: PendingSeries[] = [];
    let bars = 0;
    let firstError: Error | undefined;
    for (const r of results) {
      bars += r.written;
      if (r.rest.bars.length > 0) unwritten.push(r.rest);
      firstError ??= r.error;
    }
    this.written += bars;
    if (firstError) {
      this.failedFlushes++;
      this.pending.restore(unwritten);
      const dropped = this.pending.trimTo(this.o.maxPending ?? 200_000);
      this.dropped += dropped;
      this.lastError = firstError.message;
      this.o.onWriteError?.(firstError, { pending: this.pending.size, dropped });
    } else this.o.onFlush?.({ bars, ms: performance.now() - started });
  }

  /** Publishes one series' bars in order; what fails and everything after it stays queued. */
  private async writeSeries(s: PendingSeries): Promise<{ written: number; rest: PendingSeries; error?: Error }> {
    const subject = this.subject(s.symbol, s.interval);
    let todo = s.bars;
    let i = 0;
    try {
      let stored = await this.storedNewest(s.symbol, s.interval, subject);
      todo = s.bars.filter((b) => b.t >= stored.t);
      this.dropped += s.bars.length - todo.length;
      for (; i < todo.length; i++) {
        const bar = todo[i]!;
        const ack = await this.o.js.publish(subject, encodeTaggedBar(bar), {
          // Same content, same id: a retry whose first attempt did land is dropped by JetStream.
          msgID: `${subject}:${bar.t}:${bar.n}:${bar.v}:${bar.c}:${bar.h}:${bar.l}`,
          timeout: this.timeoutMs,
        });
        if (bar.t === stored.t && stored.seq > 0 && ack.seq !== stored.seq) {
          // The open bar written again: remove its previous message (reads tolerate a leftover).
          await this.o.jsm.streams.deleteMessage(this.stream, stored.seq, false).catch(() => false);
        }
        stored = { t: bar.t, seq: ack.seq };
        this.newest.set(subject, stored);
      }
      // Trim once the subject has grown by about 1% of its bound (and on its first write here).
      const max = this.o.maxBars[s.interval];
      const grown = (this.grownSinceTrim.get(subject) ?? Infinity) + todo.length;
      if (todo.length > 0 && grown >= Math.ceil(max / 100)) {
        await this.o.jsm.streams.purge(this.stream, { filter: subject, keep: max });
        this.grownSinceTrim.set(subject, 0);
      } else this.grownSinceTrim.set(subject, grown);
      return { written: todo.length, rest: { ...s, bars: [] } };
    } catch (err) {
      return { written: i, rest: { ...s, bars: todo.slice(i) }, error: err as Error };
    }
  }

  async flush(): Promise<void> {
    this.ensureOpen();
    await this.serialized();
    if (this.pending.size > 0) throw new Error(`bar store: ${this.pending.size} bars not written: ${this.lastError ?? "unknown error"}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.serialized();
  }

  stats() {
    return { pending: this.pending.size, written: this.written, failedFlushes: this.failedFlushes, dropped: this.dropped, lastError: this.lastError };
  }
}
