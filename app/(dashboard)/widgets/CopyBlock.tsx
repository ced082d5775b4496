"use client";
/** A snippet with a Copy button; falls back to selecting the text where the Clipboard API is refused. */
import { useEffect, useRef, useState } from "react";

type CopyState = "idle" | "copied" | "select";

export function CopyBlock({ label, code }: { label: string; code: string }) {
  const codeRef = useRef<HTMLElement>(null);
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setState("copied");
    } catch {
      // No clipboard permission (e.g. plain http on another host): select it for Ctrl+C instead.
      const node = codeRef.current;
      const selection = window.getSelection();
      if (node && selection) {
        const range = document.createRange();
        range.selectNodeContents(node);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setState("select");
    }
  };

  return (
    <figure className="copy-block">
      <figcaption>
        <span>{label}</span>
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
        <span className="copy-block__status" role="status">
          {state === "copied" ? "Copied" : state === "select" ? "Selected: press Ctrl+C" : ""}
        </span>
      </figcaption>
      <pre>
        <code ref={codeRef}>{code}</code>
      </pre>
    </figure>
  );
}
