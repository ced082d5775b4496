/**
 * The widget loader behind public/widget.js. It turns every `<div data-tickwire-widget>` on the
 * host page, now or added later, into an iframe of its embed page on the tickwire origin, and
 * sizes each iframe from the height its page reports. Messages count only when they come from
 * the tickwire origin AND from the very frame this loader created for that id.
 * No dependencies: it is bundled on its own and must stay under 3 KB gzipped (loader.build.test.ts).
 */
import { readHeightMessage } from "./heightMessage";
import { frameSpecFor } from "./loaderOptions";

export const WIDGET_SELECTOR = "[data-tickwire-widget]";

/** Window key under which a loader registers itself, so a snippet pasted twice installs once. */
const INSTALLED = "__tickwireLoader";

export interface WidgetLoader {
  /** Origin the frames are loaded from (the script's own). */
  readonly origin: string;
  /** Mounts widgets under `root` that have no frame yet; the observer calls this for new nodes. */
  scan(root: ParentNode): void;
  /** Stops observing and listening (frames already made stay). */
  stop(): void;
}

type LoaderWindow = Window & { [INSTALLED]?: WidgetLoader };

export function installLoader(win: Window, scriptSrc: string): WidgetLoader {
  const host = win as LoaderWindow;
  const doc = win.document;
  const origin = new URL(scriptSrc, doc.baseURI).origin;
  const existing = host[INSTALLED];
  if (existing && existing.origin === origin) return existing;

  const frames = new Map<string, HTMLIFrameElement>();
  // Ids are unique per page even if loaders from two tickwire hosts share it.
  const prefix = `tw${Math.random().toString(36).slice(2, 8)}-`;
  let count = 0;

  const mount = (el: HTMLElement): void => {
    if (el.dataset.tickwireFrame !== undefined) return;
    const id = prefix + count++;
    el.dataset.tickwireFrame = id;
    const result = frameSpecFor(origin, el.dataset, id);
    if (!result.ok) {
      el.textContent = `tickwire: ${result.error}`;
      return;
    }
    const spec = result.frame;
    const frame = doc.createElement("iframe");
    frame.src = spec.src;
    frame.title = spec.title;
    frame.setAttribute("loading", "lazy");
    // color-scheme:normal keeps a transparent widget transparent on a dark host page (browsers
    // paint an opaque backdrop when the frame's and the page's color schemes differ).
    frame.style.cssText = `display:block;border:0;width:${spec.width};height:${spec.height}px;color-scheme:normal`;
    el.replaceChildren(frame);
    for (const [key, old] of frames) if (!old.isConnected) frames.delete(key);
    frames.set(id, frame);
  };

  const scan = (root: ParentNode): void => {
    const el = root as HTMLElement;
    if (typeof el.matches === "function" && el.matches(WIDGET_SELECTOR)) mount(el);
    root.querySelectorAll<HTMLElement>(WIDGET_SELECTOR).forEach(mount);
  };

  const onMessage = (event: MessageEvent): void => {
    if (event.origin !== origin) return;
    const message = readHeightMessage(event.data);
    const frame = message?.id ? frames.get(message.id) : undefined;
    if (!message || !frame || frame.contentWindow !== event.source) return;
    frame.style.height = `${message.height}px`;
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      record.addedNodes.forEach((node) => {
        if (node.nodeType === 1) scan(node as Element);
      });
    }
  });

  win.addEventListener("message", onMessage);
  // The script is async and may run while the page is still parsing: what the parser adds
  // later arrives through the observer.
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  scan(doc);

  const loader: WidgetLoader = {
    origin,
    scan,
    stop() {
      observer.disconnect();
      win.removeEventListener("message", onMessage);
      if (host[INSTALLED] === loader) delete host[INSTALLED];
    },
  };
  host[INSTALLED] = loader;
  return loader;
}
