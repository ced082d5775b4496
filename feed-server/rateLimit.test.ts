import { describe, expect, it } from "vitest";
import { MAX_STRIKES } from "./connection";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { TestClient } from "./testing/testClient";

const h = useHarness();
let running: RunningServer | undefined;

describe("flooding ops", () => {
  it("answers RATE_LIMITED past the burst, then closes with 1008 if it keeps on", async () => {
    const clock = { t: 1_000_000 };
    const source = new ManualSource({ AAPL: 100 });
    running = await h.start({ FEED_RATE_LIMIT: "1", FEED_RATE_BURST: "5" }, { source, now: () => clock.t });
    const bystander = await TestClient.connect(running.wsUrl);
    const flooder = await TestClient.connect(running.wsUrl);
    h.track(bystander, flooder);
    bystander.subscribe(["AAPL"]);
    await bystander.next("snapshot");

    for (let i = 0; i < 5; i++) flooder.send({ op: "ping", id: i });
    flooder.send({ op: "ping", id: 5 });
    const limited = await flooder.next("error");
    expect(limited.code).toBe("RATE_LIMITED");
    expect(flooder.messages.filter((m) => m.type === "pong")).toHaveLength(5);

    // Time passes: the bucket refills and the client is served again.
    clock.t += 2000;
    flooder.send({ op: "ping", id: 100 });
    await flooder.next("pong", (p) => p.id === 100);

    for (let i = 0; i < MAX_STRIKES + 10; i++) flooder.send({ op: "ping", id: 200 + i });
    const closed = await flooder.waitForClose();
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/rate limit/i);

    source.emit("AAPL");
    await bystander.next("tick", (t) => t.seq === 1);
    expect(bystander.closed).toBeUndefined();
  });
});
