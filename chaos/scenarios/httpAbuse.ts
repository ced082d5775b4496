/**
 * HTTP abuse on the feed's port: odd methods and paths, huge URLs and headers, garbage request
 * lines, big bodies, bad query values, and requests held half-sent. A well-formed request must
 * get an answer; garbage should get a 4xx (the issue counts a bare close as a defect).
 */
import { pool, RawConnection } from "../rawSocket";
import type { Scenario } from "../types";
import { feedScenario } from "./harness";

/** valid: must be answered; garbage: should get a 4xx; body: answered or closed (the server may close before reading a body it does not want). */
type Kind = "valid" | "garbage" | "body";
interface Probe {
  name: string;
  kind: Kind;
  request(port: number): string;
}

const get = (path: string, method = "GET", extra = "") => (port: number) => `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n`;

export const PROBES: Probe[] = [
  { name: "GET /health", kind: "valid", request: get("/health") },
  { name: "HEAD /health", kind: "valid", request: get("/health", "HEAD") },
  { name: "OPTIONS /metrics", kind: "valid", request: get("/metrics", "OPTIONS") },
  { name: "DELETE /symbols", kind: "valid", request: get("/symbols", "DELETE") },
  { name: "GET /../../etc/passwd", kind: "valid", request: get("/../../etc/passwd") },
  { name: "GET /history/AAPL?limit=-5", kind: "valid", request: get("/history/AAPL?limit=-5") },
  { name: "GET /history/AAPL?limit=1e99", kind: "valid", request: get("/history/AAPL?limit=1e99") },
  { name: "GET /history/<script>", kind: "valid", request: get("/history/%3Cscript%3E") },
  { name: "GET /history/ with 4 KB symbol", kind: "valid", request: get(`/history/${"A".repeat(4096)}`) },
  { name: "POST /health with a 1 MB body", kind: "body", request: (p) => `POST /health HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Length: 1048576\r\nConnection: close\r\n\r\n${"b".repeat(1024 * 1024)}` },
  { name: "GET with a 64 KB URL", kind: "garbage", request: get(`/${"u".repeat(64 * 1024)}`) },
  { name: "GET with a 64 KB header", kind: "garbage", request: get("/health", "GET", `X-Big: ${"h".repeat(64 * 1024)}\r\n`) },
  { name: "1000 headers", kind: "garbage", request: get("/health", "GET", Array.from({ length: 1000 }, (_, i) => `X-H${i}: v\r\n`).join("")) },
  { name: "garbage request line", kind: "garbage", request: () => "HELLO THERE\r\n\r\n" },
  { name: "HTTP/9.9", kind: "garbage", request: (p) => `GET /health HTTP/9.9\r\nHost: 127.0.0.1:${p}\r\n\r\n` },
  { name: "negative Content-Length", kind: "garbage", request: (p) => `POST /health HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Length: -1\r\n\r\n` },
  { name: "NUL bytes in the path", kind: "garbage", request: () => "GET /he\0alth HTTP/1.1\r\n\r\n" },
];

/** Requests left half-sent, holding a connection (slowloris): the server should time them out. */
const HELD_OPEN_MS = 2_000;

export const httpAbuse: Scenario = (ctx) =>
  feedScenario(
    ctx,
    {
      id: "http-abuse",
      title: "HTTP abuse",
      unit: "requests",
      expectation: "every well-formed request is answered, garbage gets a 4xx, and nothing harms the server or another client",
    },
    {},
    async ({ feed, out }) => {
      const statuses = new Map<string, Set<string>>();
      let unansweredValid = 0;
      let garbageWithout4xx = 0;
      await pool(ctx.scale.httpRequests, 20, async (i) => {
        const probe = PROBES[i % PROBES.length]!;
        const c = await RawConnection.open(feed.port);
        out.count++;
        c.write(probe.request(feed.port));
        await c.until(() => c.status() !== undefined, 2_000);
        const status = c.status();
        if (probe.kind === "valid" && status === undefined) unansweredValid++;
        if (probe.kind === "body" && status === undefined && !c.closed) unansweredValid++;
        if (probe.kind === "garbage" && (status === undefined || status < 400 || status >= 500)) garbageWithout4xx++;
        (statuses.get(probe.name) ?? statuses.set(probe.name, new Set()).get(probe.name)!).add(status === undefined ? (c.closed ? "closed" : "silent") : String(status));
        c.destroy();
      });
      // A handful of half-sent requests, held open at once.
      const held = await Promise.all(Array.from({ length: 20 }, () => RawConnection.open(feed.port)));
      for (const c of held) c.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${feed.port}\r\nX-Slow: `);
      out.count += held.length;
      const healthWhileHeld = await fetch(`${feed.httpUrl}/health`).then((r) => r.status, (e: Error) => e.message);
      await new Promise((r) => setTimeout(r, HELD_OPEN_MS));
      const stillHeld = held.filter((c) => !c.closed).length;
      for (const c of held) c.destroy();

      if (unansweredValid > 0) out.failures.push(`${unansweredValid} well-formed requests got no answer`);
      if (garbageWithout4xx > 0) out.failures.push(`${garbageWithout4xx} garbage or oversized requests got no 4xx (closed or silent)`);
      if (healthWhileHeld !== 200) out.failures.push(`GET /health while 20 requests were held half-sent: ${healthWhileHeld}`);
      out.notes.push(`${stillHeld} of ${held.length} half-sent requests still open after ${HELD_OPEN_MS / 1000} s`);
      out.notes.push(`answers: ${[...statuses].map(([k, s]) => `${k} → ${[...s].join("/")}`).join("; ")}`);
    },
  );
