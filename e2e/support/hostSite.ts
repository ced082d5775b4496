/** A third-party site for widget tests: serves `html(path)` for every path on 127.0.0.1 and a free port. */
import { createServer, type Server } from "node:http";
import type { Frame, Locator } from "@playwright/test";

export interface Host {
  url: string;
  close(): Promise<void>;
}

export async function startHost(html: (path: string) => string): Promise<Host> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(html(req.url ?? "/"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("host server has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function hostPage(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>${body}</body></html>`;
}

export async function frameOf(iframe: Locator): Promise<Frame> {
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error("the iframe has no frame");
  return frame;
}
