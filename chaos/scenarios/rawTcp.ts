/**
 * Raw-TCP protocol violations: bytes that are not HTTP, broken upgrades, and after a good
 * upgrade, frames RFC 6455 forbids (unmasked, reserved bits and opcodes, oversized or
 * fragmented control frames, a stray continuation, lying lengths, a reset mid-frame). Each
 * connection gets one violation; the server must close it (or ignore it) and harm nothing else.
 */
import { randomBytes } from "node:crypto";
import { Opcode } from "../../bench/client/frames";
import { frame, pool, RawConnection, upgradeRequest } from "../rawSocket";
import type { Scenario } from "../types";
import { feedScenario } from "./harness";

type Violation = { name: string; run(c: RawConnection, port: number): Promise<void> | void };

const before = (name: string, bytes: (port: number) => string | Buffer): Violation => ({ name, run: (c, port) => c.write(bytes(port)) });

/** Upgrades first, then sends `bytes` on the open WebSocket. */
const after = (name: string, bytes: () => Buffer): Violation => ({
  name,
  async run(c, port) {
    c.write(upgradeRequest(port));
    await c.until(() => c.text().includes("\r\n\r\n"), 3_000);
    c.write(bytes());
  },
});

export const VIOLATIONS: Violation[] = [
  before("random bytes", () => randomBytes(1024)),
  before("TLS hello on a plain port", () => Buffer.from("160301020001", "hex")),
  before("upgrade without a key", (p) => `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`),
  before("upgrade with version 8", (p) => upgradeRequest(p).replace("Version: 13", "Version: 8")),
  before("POST upgrade", (p) => upgradeRequest(p).replace("GET", "POST")),
  before("upgrade to another path", (p) => upgradeRequest(p, "/ws/../../admin")),
  before("upgrade plus frames in one write", (p) => Buffer.concat([Buffer.from(upgradeRequest(p)), frame({ opcode: Opcode.TEXT, payload: '{"op":"subscribe","symbols":["AAPL"]}' })])),
  {
    name: "upgrade one byte at a time",
    async run(c, port) {
      for (const ch of upgradeRequest(port)) {
        c.write(ch);
        await new Promise((r) => setImmediate(r));
      }
    },
  },
  before("half a request, then silence", (p) => `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nUpgr`),
  after("unmasked text frame", () => frame({ opcode: Opcode.TEXT, payload: '{"op":"ping","id":1}', mask: false })),
  after("RSV bits set", () => frame({ opcode: Opcode.TEXT, payload: '{"op":"ping","id":1}', rsv: 7 })),
  after("reserved opcode 3", () => frame({ opcode: 3, payload: "x" })),
  after("reserved control opcode 0xB", () => frame({ opcode: 0xb, payload: "x" })),
  after("ping longer than 125 bytes", () => frame({ opcode: Opcode.PING, payload: "p".repeat(200) })),
  after("fragmented ping", () => frame({ opcode: Opcode.PING, payload: "p", fin: false })),
  after("continuation without a start", () => frame({ opcode: Opcode.CONTINUATION, payload: "orphan" })),
  after("text frame never finished", () => Buffer.concat([frame({ opcode: Opcode.TEXT, payload: '{"op":', fin: false }), frame({ opcode: Opcode.TEXT, payload: "again" })])),
  after("length 2^63-1", () => frame({ opcode: Opcode.TEXT, payload: "x", claimedLength: 2n ** 63n - 1n })),
  after("1 MiB claimed, 10 bytes sent", () => frame({ opcode: Opcode.TEXT, payload: "0123456789", claimedLength: 1024n * 1024n })),
  after("close with code 999", () => frame({ opcode: Opcode.CLOSE, payload: Buffer.from([0x03, 0xe7]) })),
  after("close with a 1-byte body", () => frame({ opcode: Opcode.CLOSE, payload: Buffer.from([0x03]) })),
  after("close with invalid UTF-8 reason", () => frame({ opcode: Opcode.CLOSE, payload: Buffer.from([0x03, 0xe8, 0xff, 0xfe]) })),
  {
    name: "reset mid-frame",
    async run(c, port) {
      c.write(upgradeRequest(port));
      await c.until(() => c.text().includes("\r\n\r\n"), 3_000);
      c.write(frame({ opcode: Opcode.TEXT, payload: "z".repeat(4000) }).subarray(0, 1000));
      c.socket.resetAndDestroy();
    },
  },
];

export const rawTcp: Scenario = (ctx) =>
  feedScenario(
    ctx,
    {
      id: "raw-tcp",
      title: "Raw-TCP protocol violations",
      unit: "connections",
      expectation: "each violating connection is refused or closed (or idles out) without harming the server or another client",
    },
    {},
    async ({ feed, out }) => {
      const outcomes = new Map<string, Set<string>>();
      await pool(ctx.scale.rawTcpConnections, 25, async (i) => {
        const v = VIOLATIONS[i % VIOLATIONS.length]!;
        const c = await RawConnection.open(feed.port);
        out.count++;
        await v.run(c, feed.port);
        const closed = await c.closedWithin(1_500);
        const status = c.status();
        const seen = `${status === undefined ? "" : `${status} `}${closed ? "closed" : "open after 1.5 s"}`;
        (outcomes.get(v.name) ?? outcomes.set(v.name, new Set()).get(v.name)!).add(seen);
        c.destroy();
      });
      out.notes.push(`${VIOLATIONS.length} kinds: ${[...outcomes].map(([k, s]) => `${k} → ${[...s].join("/")}`).join("; ")}`);
    },
  );
