/**
 * The TICKS stream: every symbol's bus messages, with a bounded history per subject (the window
 * an edge rebuilds snapshots and resumes from) and a maximum age.
 */
import { DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { STREAM, SUBJECT_PREFIX } from "./busMessage";

/** JetStream API code for "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;
const NANOS_PER_MS = 1_000_000;

export interface TicksStreamLimits {
  /** Messages kept per subject (per symbol). */
  history: number;
  /** Seconds a message is kept; 0 = no limit. */
  maxAgeS: number;
}

export function ticksStreamConfig(limits: TicksStreamLimits): Partial<StreamConfig> & { name: string } {
  const maxAgeMs = limits.maxAgeS * 1000;
  return {
    name: STREAM,
    subjects: [`${SUBJECT_PREFIX}>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: limits.history,
    max_age: maxAgeMs * NANOS_PER_MS,
    // Msg-id dedupe covers a retried publish whose first attempt did land (ack lost in a
    // reconnect); two minutes is JetStream's default, capped by the age limit.
    duplicate_window: (maxAgeMs === 0 ? 120_000 : Math.min(120_000, maxAgeMs)) * NANOS_PER_MS,
  };
}

/**
 * Creates the stream, or brings an existing one to these limits (a source started with new
 * settings). Returns the stream's creation time: if it changes, the stream was created anew and
 * its history is gone (NATS lost its store).
 */
export async function ensureTicksStream(jsm: JetStreamManager, limits: TicksStreamLimits): Promise<string> {
  const wanted = ticksStreamConfig(limits);
  try {
    return (await jsm.streams.add(wanted)).created;
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== STREAM_NAME_IN_USE) throw err;
    const { config } = await jsm.streams.info(STREAM);
    return (await jsm.streams.update(STREAM, { ...config, ...wanted })).created;
  }
}
