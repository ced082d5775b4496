/**
 * `npm run cluster`: a local tickwire cluster on NATS JetStream, for trying scale-out on one
 * machine: nats-server with JetStream (store in a temporary directory), one source feed server
 * and two edge feed servers, all on loopback. Ctrl-C stops everything and removes the store.
 *
 * Env: CLUSTER_NATS_PORT (default 4222), CLUSTER_SOURCE_PORT (9000), CLUSTER_EDGE_PORTS (9001,9002;
 * one edge per port), and any FEED_* / NATS_* variable of the feed server (e.g. FEED_SOURCE=replay).
 * See docs/scaling.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FEED_SOURCE, ROOT, portFromEnv } from "./commands.mjs";
import { supervise } from "./supervise.mjs";

process.chdir(ROOT);
const natsBin = process.env.NATS_SERVER_BIN || "nats-server";
const probe = spawnSync(natsBin, ["--version"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.error(`[cluster] ${natsBin} not found. The cluster needs nats-server (2.9 or newer) with JetStream:`);
  console.error("[cluster]   Debian/Ubuntu: sudo apt-get install nats-server");
  console.error("[cluster]   elsewhere:     https://docs.nats.io/running-a-nats-service/introduction/installation");
  process.exit(1);
}

const natsPort = portFromEnv("CLUSTER_NATS_PORT", 4222);
const sourcePort = portFromEnv("CLUSTER_SOURCE_PORT", 9000);
const rawEdges = process.env.CLUSTER_EDGE_PORTS?.trim() || "9001,9002";
const edgePorts = rawEdges.split(",").map((p) => Number(p.trim()));
if (edgePorts.some((p) => !Number.isInteger(p) || p < 1 || p > 65_535)) {
  console.error(`CLUSTER_EDGE_PORTS=${JSON.stringify(rawEdges)} is not a comma-separated list of ports`);
  process.exit(2);
}

const store = mkdtempSync(join(tmpdir(), "tickwire-cluster-"));
const natsUrl = `nats://127.0.0.1:${natsPort}`;
const bus = { FEED_BUS: "nats", NATS_URL: natsUrl };
// Always from source: a dist/ build older than the NATS code would ignore FEED_BUS and run three
// unrelated simulators without a word.
const feedArgs = ["--import", "tsx", FEED_SOURCE];

console.error(`[cluster] nats     ${natsUrl}  (JetStream store ${store}, ${probe.stdout.trim()})`);
console.error(`[cluster] source   http://127.0.0.1:${sourcePort}/health  (runs FEED_SOURCE, publishes to stream TICKS)`);
edgePorts.forEach((port, i) => {
  console.error(`[cluster] edge ${i + 1}   ws://127.0.0.1:${port}/ws  http://127.0.0.1:${port}/health`);
});
console.error("[cluster] Ctrl-C stops everything");

const { done } = supervise([
  { name: "nats", command: natsBin, args: ["-js", "-a", "127.0.0.1", "-p", String(natsPort), "-sd", store] },
  { name: "source", command: process.execPath, args: feedArgs, env: { ...bus, FEED_ROLE: "source", FEED_PORT: String(sourcePort) } },
  ...edgePorts.map((port, i) => ({
    name: `edge${i + 1}`,
    command: process.execPath,
    args: feedArgs,
    env: { ...bus, FEED_ROLE: "edge", FEED_PORT: String(port) },
  })),
]);
const code = await done;
rmSync(store, { recursive: true, force: true });
process.exit(code);
