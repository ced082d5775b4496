/** Opens a raw WebSocket and reports how the server answered: refused with an HTTP status, or opened. */
import WebSocket from "ws";

export type UpgradeOutcome = { refused: number; body: string } | { opened: WebSocket };

export function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ refused: res.statusCode ?? 0, body }));
    });
    socket.on("open", () => resolve({ opened: socket }));
    socket.on("error", (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}
