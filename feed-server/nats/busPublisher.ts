/**
 * Publishes a source's messages to JetStream: in order per symbol, each exactly once.
 * One message per symbol is in flight at a time, with the subject's last stream sequence as the
 * expected one, so a lost publish can never be overtaken by the next (JetStream would store
 * 4, 6, 5); a retry carries the same msg-id, so an attempt that did land is not stored twice.
 * A mismatch on the expected sequence means someone else wrote to the subject: the owner is told,
 * to check it still holds the lease. While paused (NATS away, lease unconfirmed) messages queue,
 * up to `queueLimit` per symbol; beyond that the oldest are dropped and reported (edges then see a
 * gap and reload the symbol's history).
 */
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { Timers } from "../tickSource";
import { STREAM } from "./busMessage";

export interface BusPublisherOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  timers: Timers;
  /** Messages queued per symbol before the oldest are dropped. */
  queueLimit: number;
  /** How long to wait for a publish ack. */
  timeoutMs: number;
  /** Someone else wrote to this symbol's subject. */
  onInterference(symbol: string): void;
  /** Messages dropped from a full queue. */
  onDropped(symbol: string, count: number): void;
}

interface Outgoing {
  payload: string;
  msgID: string;
}

interface Lane {
  symbol: string;
  subject: string;
  queue: Outgoing[];
  inFlight: boolean;
  /** Stream sequence of the subject's newest message, once looked up or acked. */
  lastSubjectSeq: number | undefined;
  failures: number;
  retry: unknown;
}

const MAX_RETRY_MS = 1000;

export class BusPublisher {
  private readonly lanes = new Map<string, Lane>();
  /** Bumped by clear(): answers to publishes of an earlier generation are ignored. */
  private generation = 0;
  private paused = true;
  published = 0;

  constructor(private readonly o: BusPublisherOptions) {}

  enqueue(symbol: string, subject: string, payload: string, msgID: string): void {
    let lane = this.lanes.get(symbol);
    if (!lane) {
      lane = { symbol, subject, queue: [], inFlight: false, lastSubjectSeq: undefined, failures: 0, retry: undefined };
      this.lanes.set(symbol, lane);
    }
    if (lane.queue.length >= this.o.queueLimit) {
      // Keep the head if it is on the wire: its answer must still match queue[0].
      lane.queue.splice(lane.inFlight ? 1 : 0, 1);
      this.o.onDropped(symbol, 1);
    }
    lane.queue.push({ payload, msgID });
    this.pump(lane);
  }

  /** Holds messages back (NATS disconnected, or the lease not yet confirmed after a reconnect). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const lane of this.lanes.values()) this.pump(lane);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Drops everything queued (new epoch, or no longer the owner); leaves the publisher paused. */
  clear(): void {
    this.generation++;
    this.paused = true;
    for (const lane of this.lanes.values()) if (lane.retry !== undefined) this.o.timers.clearTimeout(lane.retry);
    this.lanes.clear();
  }

  queued(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.queue.length;
    return n;
  }

  private pump(lane: Lane): void {
    if (this.paused || lane.inFlight || lane.retry !== undefined || lane.queue.length === 0) return;
    lane.inFlight = true;
    void this.send(lane, this.generation);
  }

  private async send(lane: Lane, generation: number): Promise<void> {
    const head = lane.queue[0]!;
    try {
      if (lane.lastSubjectSeq === undefined) {
        const last = await this.o.jsm.streams.getMessage(STREAM, { last_by_subj: lane.subject });
        if (generation !== this.generation) return;
        lane.lastSubjectSeq = last?.seq ?? 0;
      }
      const ack = await this.o.js.publish(lane.subject, head.payload, {
        msgID: head.msgID,
        expect: { lastSubjectSequence: lane.lastSubjectSeq },
        timeout: this.o.timeoutMs,
      });
      if (generation !== this.generation) return;
      lane.lastSubjectSeq = ack.seq;
      lane.failures = 0;
      if (lane.queue[0] === head) lane.queue.shift();
      this.published++;
      lane.inFlight = false;
      this.pump(lane);
    } catch (err) {
      if (generation !== this.generation) return;
      lane.inFlight = false;
      lane.failures++;
      const interfered = err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence;
      if (interfered) {
        lane.lastSubjectSeq = undefined;
        this.o.onInterference(lane.symbol);
      }
      // A foreign message is survived at once; anything else (timeout, no JetStream yet) backs off.
      const wait = interfered && lane.failures === 1 ? 0 : Math.min(MAX_RETRY_MS, 50 * 2 ** lane.failures);
      lane.retry = this.o.timers.setTimeout(() => {
        lane.retry = undefined;
        this.pump(lane);
      }, wait);
    }
  }
}
