/**
 * Reads one subject of the TICKS stream in order, without loss, across reconnects and NATS
 * restarts. It plays the part of the client library's ordered consumer, which we do not use:
 * against nats-server 2.9 that one could stall after a server restart and then resume past
 * messages it had not delivered. Here every break (a skipped delivery sequence, missed
 * heartbeats, a vanished consumer, a reconnect) throws the consumer away and creates a new
 * ephemeral one starting right after the last stream sequence handed on.
 */
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { Timers } from "../tickSource";
import { STREAM } from "./busMessage";

export interface SubjectConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  timers: Timers;
  subject: string;
  /** The stream read; default TICKS. */
  stream?: string;
  /** Server heartbeat while idle; two missed ones restart the consumer. */
  heartbeatMs: number;
  /** Each message, in stream order, with the count still pending behind it (0 = caught up), its subject and stream sequence. */
  onMessage(data: Uint8Array, pending: number, subject: string, streamSeq: number): void;
  /** The consumer was (re)created with nothing pending: everything stored has been handed on. */
  onCaughtUp(): void;
  /** A restart and why, for counting (heartbeats missed, delivery gap, consumer gone). */
  onRestart(reason: string): void;
}

const MAX_RETRY_MS = 2000;
/** An abandoned consumer (edge crashed or partitioned away) is removed by the server after this. */
const INACTIVE_THRESHOLD_MS = 30_000;

export class SubjectConsumer {
  private generation = 0;
  private messages: ConsumerMessages | undefined;
  private consumerName: string | undefined;
  private expectedDelivery = 1;
  private retry: unknown;
  private failures = 0;
  private stopped = false;
  /** Stream sequence to continue from; undefined = from the oldest message kept. */
  private nextStreamSeq: number | undefined;
  /** Messages the server still had for us at the last delivery (consumer lag). */
  pending = 0;
  restarts = 0;

  private readonly stream: string;

  constructor(private readonly o: SubjectConsumerOptions) {
    this.stream = o.stream ?? STREAM;
  }

  /** Reads the whole subject from its oldest stored message (again). */
  rewind(): void {
    if (this.stopped) return;
    this.nextStreamSeq = undefined;
    this.open(0);
  }

  /** Throws the current consumer away and continues after the last message handed on. */
  restart(reason: string, delayMs = 0): void {
    if (this.stopped) return;
    this.restarts++;
    this.o.onRestart(reason);
    this.open(delayMs);
  }

  stop(): void {
    this.stopped = true;
    this.discard();
  }

  private discard(): void {
    this.generation++;
    if (this.retry !== undefined) this.o.timers.clearTimeout(this.retry);
    this.retry = undefined;
    this.messages?.stop();
    this.messages = undefined;
    const name = this.consumerName;
    this.consumerName = undefined;
    // Best effort: the server also removes it after INACTIVE_THRESHOLD_MS.
    if (name !== undefined) this.o.jsm.consumers.delete(this.stream, name).catch(() => undefined);
  }

  private open(delayMs: number): void {
    this.discard();
    const generation = this.generation;
    this.retry = this.o.timers.setTimeout(() => {
      this.retry = undefined;
      void this.create(generation);
    }, delayMs);
  }

  private async create(generation: number): Promise<void> {
    const { o } = this;
    try {
      const from = this.nextStreamSeq;
      const info = await o.jsm.consumers.add(this.stream, {
        filter_subject: o.subject,
        ack_policy: AckPolicy.None,
        ...(from === undefined ? { deliver_policy: DeliverPolicy.All } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from }),
        inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
        mem_storage: true,
        num_replicas: 1,
      });
      if (generation !== this.generation) {
        o.jsm.consumers.delete(this.stream, info.name).catch(() => undefined);
        return;
      }
      this.consumerName = info.name;
      this.expectedDelivery = 1;
      this.failures = 0;
      this.pending = info.num_pending;
      const consumer = o.js.consumers.getConsumerFromInfo(info);
      const messages = await consumer.consume({
        max_messages: 256,
        expires: Math.max(10_000, o.heartbeatMs * 5),
        idle_heartbeat: o.heartbeatMs,
        callback: (m) => this.deliver(generation, m),
      });
      if (generation !== this.generation) {
        messages.stop();
        return;
      }
      this.messages = messages;
      if (info.num_pending === 0) o.onCaughtUp();
      void this.watch(generation, messages);
    } catch {
      if (generation !== this.generation) return;
      // No JetStream yet (NATS restarting), stream missing (no source started yet), timeouts.
      this.failures++;
      this.restart("create failed", Math.min(MAX_RETRY_MS, 100 * 2 ** this.failures));
    }
  }

  private deliver(generation: number, m: JsMsg): void {
    if (generation !== this.generation) return;
    if (m.info.deliverySequence !== this.expectedDelivery) {
      // A message went missing between server and client (lost with a dropped connection).
      this.restart("delivery gap");
      return;
    }
    this.expectedDelivery++;
    this.nextStreamSeq = m.seq + 1;
    this.pending = m.info.pending;
    this.o.onMessage(m.data, m.info.pending, m.subject, m.seq);
  }

  private async watch(generation: number, messages: ConsumerMessages): Promise<void> {
    try {
      for await (const s of messages.status()) {
        if (generation !== this.generation) return;
        switch (s.type) {
          case "heartbeats_missed":
          case "consumer_not_found":
          case "consumer_deleted":
          case "stream_not_found":
          case "no_responders":
            this.restart(s.type, 100);
            return;
          default:
            break;
        }
      }
    } catch {
      if (generation === this.generation) this.restart("consumer ended", 100);
    }
  }
}
