/**
 * The client in Node with the `ws` package's WebSocket, against a real `ws` server on port 0:
 * proves the constructor fits `WebSocketCtor` without a cast and the client runs outside browsers.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { CloseCodes } from "../codes";
import { decodeClientFrame, type ClientMessage, type ServerMessage } from "../protocol";
import { waitFor } from "../testing/waitFor";
import { ClientDisconnects } from "./disconnects";
import { createFeedClient } from "./feedClient";
import { snapshotMsg, tickMsg, welcomeMsg } from "./testing/harness";
import type { FullFeedClient } from "./types";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWsServer(onConnection: (socket: WebSocket, index: number) => void): Promise<string> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  let index = 0;
  wss.on("connection", (socket) => onConnection(socket, index++));
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  const address = wss.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  return `ws://127.0.0.1:${address.port}/ws`;
}

function client(url: string, extra: { handshakeTimeoutMs?: number } = {}): FullFeedClient {
  const feed = createFeedClient({ urls: [url], WebSocket, backoffBaseMs: 5, backoffMaxMs: 20, ...extra });
  cleanups.push(() => feed.stop());
  return feed;
}

function send(socket: WebSocket, message: ServerMessage): void {
  socket.send(JSON.stringify(message));
}

function decode(data: WebSocket.RawData): ClientMessage {
  const parsed = decodeClientFrame(data.toString());
  if (!parsed.ok) throw new Error(`client sent an invalid frame: ${data.toString()}`);
  return parsed.value;
}

describe("feed client in Node with the ws package", () => {
  it("streams, survives a slow-consumer close and resumes with since", async () => {
    const received: ClientMessage[][] = [];
    const url = await startWsServer((socket, index) => {
      const frames: ClientMessage[] = [];
      received.push(frames);
      send(socket, welcomeMsg({ epoch: "node" }));
      socket.on("message", (data) => {
        const message = decode(data);
        frames.push(message);
        if (message.op !== "subscribe") return;
        if (index === 0) {
          send(socket, snapshotMsg("MSFT", 1, 2));
          send(socket, tickMsg("MSFT", 3));
          socket.close(CloseCodes.SLOW_CONSUMER.code, "Slow consumer");
        } else {
          send(socket, snapshotMsg("MSFT", 4, 4, true));
          send(socket, tickMsg("MSFT", 5));
        }
      });
    });
    const feed = client(url);
    const log: string[] = [];
    feed.on("snapshot", (s) => log.push(`snapshot:${s.seq}`));
    feed.on("tick", (t) => log.push(`tick:${t.seq}`));
    feed.watch("MSFT");
    feed.start();

    await waitFor(() => log.includes("tick:5"), "tick 5 after the reconnect");
    expect(log).toEqual(["snapshot:2", "tick:3", "snapshot:4", "tick:5"]);
    expect(received[1]).toEqual([{ op: "subscribe", symbols: ["MSFT"], epoch: "node", since: { MSFT: 3 } }]);
    expect(feed.state).toBe("live");
  });

  it("gives up on a server that accepts TCP but never upgrades, without an unhandled ws error", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const address = silent.address();
    if (address === null || typeof address === "string") throw new Error("expected a TCP address");
    const feed = client(`ws://127.0.0.1:${address.port}/ws`, { handshakeTimeoutMs: 50 });
    const reasons: string[] = [];
    feed.on("disconnect", (d) => reasons.push(d.reason));
    feed.start();

    await waitFor(() => reasons.length >= 2, "two handshake timeouts");
    expect(reasons.slice(0, 2)).toEqual([ClientDisconnects.HANDSHAKE_TIMEOUT.reason, ClientDisconnects.HANDSHAKE_TIMEOUT.reason]);
    expect(feed.state).toBe("reconnecting");
  });
});
