/**
 * The source lease: one key in a JetStream KV bucket whose max age is the lease TTL. The owner
 * created the key (create fails while it exists) and refreshes it with a compare-and-set on its
 * revision; if the owner stops refreshing, the server expires the key and a standby's create
 * succeeds. The value also carries the epoch (so edges learn the numbering) and the symbols on
 * offer (so edges can list them before anyone watches them).
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { requestTimeoutMs } from "./busConnection";

export const LEASE_BUCKET = "tickwire_lease";
const LEASE_KEY = "source";
const MAX_LEASE_BYTES = 512 * 1024;

export interface LeaseValue {
  /** Names the source process holding the lease (host, pid, random). */
  owner: string;
  /** The epoch every tick on the bus is numbered in while this owner holds the lease. */
  epoch: string;
  /** Symbols the owner offers, with session open prices where known (null otherwise). */
  symbols: Record<string, number | null>;
}

export interface HeldLease {
  value: LeaseValue;
  revision: number;
}

/** What confirming a lease held at a known revision found. */
export type LeaseCheck =
  /** Still ours, and nobody else held it since our last write. */
  | { kind: "kept"; revision: number }
  /** Ours again, but another source held it in between (and may have published): the lease now
   *  carries the fresh value (a new epoch). */
  | { kind: "retaken"; revision: number }
  /** Another source holds it. */
  | { kind: "taken"; owner: string | undefined };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Narrows a stored value; anything else in the key (a hand-written value, an old format) is no lease. */
export function parseLeaseValue(bytes: Uint8Array): LeaseValue | undefined {
  if (bytes.byteLength > MAX_LEASE_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.owner !== "string" || typeof value.epoch !== "string" || !isRecord(value.symbols)) return undefined;
  if (value.epoch.length === 0 || value.epoch.length > 64) return undefined;
  const symbols: Record<string, number | null> = {};
  for (const [symbol, open] of Object.entries(value.symbols)) {
    if (open !== null && (typeof open !== "number" || !Number.isFinite(open))) return undefined;
    symbols[symbol] = open;
  }
  return { owner: value.owner, epoch: value.epoch, symbols };
}

function isWrongLastSequence(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

export class LeaseStore {
  private constructor(private readonly kv: KV) {}

  /**
   * Opens the bucket; with `create`, makes it (or corrects its TTL: KV create silently keeps an
   * existing bucket's settings, and a stale TTL would let two sources believe they own it).
   */
  static async open(js: JetStreamClient, jsm: JetStreamManager, ttlMs: number, create: boolean): Promise<LeaseStore> {
    // Writes wait as long as `js` allows: it must be a client made with requestTimeoutMs(ttlMs).
    const kvm = new Kvm(js);
    const timeout = requestTimeoutMs(ttlMs);
    if (!create) return new LeaseStore(await kvm.open(LEASE_BUCKET, { timeout, bindOnly: true }));
    const kv = await kvm.create(LEASE_BUCKET, { ttl: ttlMs, history: 1, timeout });
    const stream = `KV_${LEASE_BUCKET}`;
    const info = await jsm.streams.info(stream);
    const maxAge = ttlMs * 1_000_000;
    if (info.config.max_age !== maxAge) await jsm.streams.update(stream, { ...info.config, max_age: maxAge });
    return new LeaseStore(kv);
  }

  /** The current lease, undefined when nobody holds it (absent, expired, released or unreadable). */
  async read(): Promise<HeldLease | undefined> {
    const entry = await this.kv.get(LEASE_KEY);
    if (!entry || entry.operation !== "PUT") return undefined;
    const value = parseLeaseValue(entry.value);
    return value ? { value, revision: entry.revision } : undefined;
  }

  /** Takes the lease if nobody holds it; returns the revision, or undefined when someone does. */
  async tryCreate(value: LeaseValue): Promise<number | undefined> {
    try {
      return await this.kv.create(LEASE_KEY, JSON.stringify(value));
    } catch (err) {
      if (isWrongLastSequence(err)) return undefined;
      throw err;
    }
  }

  /** Refreshes a held lease; undefined when it is no longer at `revision` (expired or taken). */
  async refresh(value: LeaseValue, revision: number): Promise<number | undefined> {
    try {
      return await this.kv.update(LEASE_KEY, JSON.stringify(value), revision);
    } catch (err) {
      if (isWrongLastSequence(err)) return undefined;
      throw err;
    }
  }

  /**
   * Refreshes a lease this process held at `revision`, and tells whether anyone else held it since
   * (NATS was away or slow meanwhile). A refresh in place proves nobody did. A key that expired
   * (or was released) is created again; the key's revision is the bucket stream's sequence, which
   * every write by anyone moves on (a create, a refresh, a release), so a bucket still at
   * `revision` proves the lease stayed vacant. NATS keeps that sequence across a restart with its
   * store. When someone else did hold it, `fresh()` is written instead of `value` (a new epoch),
   * so edges never see the old epoch come back.
   */
  async confirm(value: LeaseValue, revision: number, fresh: () => LeaseValue): Promise<LeaseCheck> {
    const refreshed = await this.refresh(value, revision);
    if (refreshed !== undefined) return { kind: "kept", revision: refreshed };
    const current = await this.read();
    if (current) {
      if (current.value.owner !== value.owner) return { kind: "taken", owner: current.value.owner };
      // Our own refresh landed but its answer was lost (NATS went away): one write after ours.
      const continuous = current.revision === revision + 1;
      const again = await this.refresh(continuous ? value : fresh(), current.revision);
      if (again === undefined) return { kind: "taken", owner: undefined };
      return { kind: continuous ? "kept" : "retaken", revision: again };
    }
    const continuous = (await this.kv.status()).streamInfo.state.last_seq === revision;
    const created = await this.tryCreate(continuous ? value : fresh());
    if (created === undefined) return { kind: "taken", owner: undefined };
    if (!continuous) return { kind: "retaken", revision: created };
    if (created === revision + 1) return { kind: "kept", revision: created };
    // Someone came and went between our look and our create: name a new epoch after all.
    const again = await this.refresh(fresh(), created);
    return again === undefined ? { kind: "taken", owner: undefined } : { kind: "retaken", revision: again };
  }

  /** Gives the lease up so a standby takes over at once instead of after the TTL. */
  async release(revision: number): Promise<void> {
    await this.kv.delete(LEASE_KEY, { previousSeq: revision });
  }
}
