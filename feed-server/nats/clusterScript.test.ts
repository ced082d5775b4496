/** `npm run cluster` as a user runs it: nats-server, a source and two edges, stopped by Ctrl-C. */
import { spawn } from "node:child_process";
import { describe, expect, it, onTestFinished } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { freePort } from "../testing/freePort";
import { TestClient } from "../testing/testClient";
import { health } from "./testing/cluster";
import { requireNatsServer } from "./testing/natsServer";

describe("scripts/cluster.mjs", () => {
  it("runs a source and two edges on one bus, and stops them all on SIGINT", async () => {
    requireNatsServer();
    const [natsPort, sourcePort, edge1, edge2] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const child = spawn(process.execPath, ["scripts/cluster.mjs"], {
      env: {
        ...process.env,
        CLUSTER_NATS_PORT: String(natsPort),
        CLUSTER_SOURCE_PORT: String(sourcePort),
        CLUSTER_EDGE_PORTS: `${edge1},${edge2}`,
        FEED_SYMBOLS: "AAPL",
        FEED_TICK_RATE: "20",
        NATS_LEASE_TTL_MS: "1500",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a failed test can take nats-server and the feeds down with it.
      detached: true,
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    onTestFinished(() => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    });

    expect(await waitFor(() => out.includes("Ctrl-C"), "the cluster banner", 10_000)).toBe(true);
    expect(out).toContain(`ws://127.0.0.1:${edge1}/ws`);
    expect(out).toContain(`ws://127.0.0.1:${edge2}/ws`);
    const epoch = await waitFor(
      async () => {
        const [s, a, b] = await Promise.all([sourcePort, edge1, edge2].map((p) => health(`http://127.0.0.1:${p}`).catch(() => undefined)));
        return s?.source.bus.lease === "owner" && a?.epoch === s.epoch && b?.epoch === s.epoch ? s.epoch : undefined;
      },
      `the source to publish and both edges to follow its epoch\n${out}`,
      20_000,
      100,
    );
    const client = await TestClient.connect(`ws://127.0.0.1:${edge2}/ws`);
    expect(client.welcome.epoch).toBe(epoch);
    client.subscribe(["AAPL"]);
    await client.next("tick", () => true, 0, 5000);
    client.close();

    child.kill("SIGINT");
    expect(await exit).toBe(0);
    await expect(fetch(`http://127.0.0.1:${edge1}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${sourcePort}/health`)).rejects.toThrow();
  });
});
