"use client";
/** Last line of defence: a widget that throws shows one quiet line, never a broken frame. */
export default function EmbedError() {
  return (
    <p className="tw-error" role="alert">
      This tickwire widget could not be shown.
    </p>
  );
}
