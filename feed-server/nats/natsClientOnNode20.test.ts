/**
 * `@nats-io/nuid` 3 (pulled in by @nats-io/nats-core and transport-node 3.4) declares
 * `engines: node >= 22.x`, so `npm install` on Node 20 warns EBADENGINE. Its code needs only
 * BigInt and `globalThis.crypto.getRandomValues` (Node 19+). This test shows the client works on
 * the Node running it, Node 20 included, against a real nats-server: ids, inboxes, request/reply
 * and JetStream KV, which is everything tickwire's bus uses.
 */
import { Kvm } from "@nats-io/kv";
import { createInbox, nuid, type NatsConnection } from "@nats-io/transport-node";
import { afterEach, describe, expect, it } from "vitest";
import { connectBus, openBus } from "./busConnection";
import { NatsServer } from "./testing/natsServer";

let nats: NatsServer | undefined;
let nc: NatsConnection | undefined;
afterEach(async () => {
  await nc?.close();
  nc = undefined;
  await nats?.stop();
  nats = undefined;
});

describe(`NATS client on Node ${process.version}`, () => {
  it("nuid draws its prefix from crypto and makes unique 22-character ids", () => {
    // nuid falls back to Math.random without crypto.getRandomValues: ids could then collide across processes.
    expect(typeof globalThis.crypto?.getRandomValues).toBe("function");
    const ids = Array.from({ length: 5000 }, () => nuid.next());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(createInbox()).toMatch(/^_INBOX\.[0-9A-Za-z]{22}$/);
  });

  it("connects, does request/reply and JetStream KV against a real nats-server", async () => {
    nats = await NatsServer.start();
    nc = await connectBus({ servers: [nats.url], name: "node-support-test", pingMs: 1000 });
    const sub = nc.subscribe("echo");
    void (async () => {
      for await (const m of sub) m.respond(`echo:${m.string()}`);
    })();
    const reply = await nc.request("echo", "hi", { timeout: 5000 });
    expect(reply.string()).toBe("echo:hi");

    const bus = await openBus({ servers: [nats.url], pingMs: 1000, leaseTtlMs: 3000 }, "node-support-kv", () => {}, () => false);
    expect(bus).toBeDefined();
    try {
      const kv = await new Kvm(bus!.js).create("node_support", { history: 1 });
      await kv.put("k", "v1");
      expect((await kv.get("k"))?.string()).toBe("v1");
    } finally {
      await bus!.nc.close();
    }
  });
});
