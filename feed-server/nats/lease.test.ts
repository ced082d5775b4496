/** LeaseStore.confirm on a real nats-server: does a lease that NATS lost sight of prove who held it? */
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { LeaseStore, type LeaseValue } from "./lease";
import { NatsServer } from "./testing/natsServer";

const TTL_MS = 1000;
let nats: NatsServer;
const connections: NatsConnection[] = [];

beforeEach(async () => {
  nats = await NatsServer.start();
});

afterEach(async () => {
  for (const nc of connections.splice(0)) await nc.close();
  await nats.stop();
});

async function openLease(): Promise<LeaseStore> {
  const nc = await connect({ servers: nats.url });
  connections.push(nc);
  return LeaseStore.open(jetstream(nc, { timeout: 2000 }), await jetstreamManager(nc), TTL_MS, true);
}

const value = (owner: string, epoch: string): LeaseValue => ({ owner, epoch, symbols: { AAPL: null } });
const fresh = () => value("a", "epoch-2");

async function untilVacant(lease: LeaseStore): Promise<void> {
  await waitFor(async () => (await lease.read()) === undefined, "the lease to expire", 5000, 50);
}

describe("LeaseStore.confirm", () => {
  it("kept: refreshed in place while nobody else wrote", async () => {
    const a = await openLease();
    const revision = (await a.tryCreate(value("a", "epoch-1")))!;
    const check = await a.confirm(value("a", "epoch-1"), revision, fresh);
    expect(check).toEqual({ kind: "kept", revision: revision + 1 });
    expect((await a.read())?.value.epoch).toBe("epoch-1");
  });

  it("kept: expired while NATS was away, and nobody took it meanwhile", async () => {
    const a = await openLease();
    const revision = (await a.tryCreate(value("a", "epoch-1")))!;
    await untilVacant(a);
    const check = await a.confirm(value("a", "epoch-1"), revision, fresh);
    expect(check).toEqual({ kind: "kept", revision: revision + 1 });
    expect((await a.read())?.value.epoch).toBe("epoch-1");
  });

  it("retaken: another source held it and is gone again; the lease names the fresh epoch", async () => {
    const [a, b] = [await openLease(), await openLease()];
    const revision = (await a.tryCreate(value("a", "epoch-1")))!;
    await untilVacant(a);
    const other = (await b.tryCreate(value("b", "epoch-b")))!;
    await b.release(other);
    const check = await a.confirm(value("a", "epoch-1"), revision, fresh);
    expect(check.kind).toBe("retaken");
    expect((await a.read())?.value).toEqual(fresh());
  });

  it("taken: another source holds it now", async () => {
    const [a, b] = [await openLease(), await openLease()];
    const revision = (await a.tryCreate(value("a", "epoch-1")))!;
    await untilVacant(a);
    await b.tryCreate(value("b", "epoch-b"));
    expect(await a.confirm(value("a", "epoch-1"), revision, fresh)).toEqual({ kind: "taken", owner: "b" });
    expect((await a.read())?.value.owner).toBe("b");
  });
});
