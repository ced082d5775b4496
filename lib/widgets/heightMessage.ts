/**
 * The one message an embed page sends to its parent: its content height, so the loader can size
 * the iframe to fit. Shared by the embed pages (sender) and widget.js (receiver).
 */

export const HEIGHT_MESSAGE_TYPE = "tickwire:height";

/** Taller than any widget; a bigger value is a bug or a hostile frame, not a height. */
export const MAX_FRAME_HEIGHT = 4000;

export interface HeightMessage {
  type: typeof HEIGHT_MESSAGE_TYPE;
  /** The `id` query parameter of the embed page; null when it was framed without the loader. */
  id: string | null;
  /** Content height in CSS pixels, rounded up. */
  height: number;
}

export function heightMessage(id: string | null, height: number): HeightMessage {
  return { type: HEIGHT_MESSAGE_TYPE, id, height: Math.ceil(height) };
}

/** Narrows a `message` event's data; anything that is not a sane height message is null. */
export function readHeightMessage(data: unknown): HeightMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const { type, id, height } = data as Record<string, unknown>;
  if (type !== HEIGHT_MESSAGE_TYPE) return null;
  if (id !== null && typeof id !== "string") return null;
  if (typeof height !== "number" || !Number.isFinite(height) || height < 0 || height > MAX_FRAME_HEIGHT) return null;
  return { type, id, height: Math.ceil(height) };
}
