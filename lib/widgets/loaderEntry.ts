/** Entry point of public/widget.js (built by buildLoader.ts): installs the loader for this script's origin. */
import { installLoader } from "./loader";

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="/widget.js"]');

if (script?.src) installLoader(window, script.src);
