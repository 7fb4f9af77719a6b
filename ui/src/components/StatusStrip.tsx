// One compact line above the grid for everything the report has to say (a
// save that failed, what was just done, the edition, the drafts): the most
// important message on one line, a count that opens the others below it.
// The grid keeps its room at 1366×768 (issue 17, point 6).

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

import "./status-strip.css";

export interface StripItem {
  /** Stable key. */
  id: string;
  kind: "error" | "warning" | "ok" | "info";
  /** The message, cut with «…» on one line (the whole of it in `title`). */
  text: ComponentChildren;
  /** The message as plain text, shown on hover when cut. */
  title: string;
  /** Buttons, always visible at the end of the line. */
  actions?: ComponentChildren;
  onClose?: () => void;
  /** The line's `data-test` and extra class (tests and older selectors). */
  test?: string;
  className?: string;
}

/** Items most important first: the first one is the line shown. */
export function StatusStrip({ items }: { items: StripItem[] }) {
  const [open, setOpen] = useState(false);
  if (items.length === 0) return null;
  const [first, ...rest] = items;
  return (
    <div class={`status-strip ${open ? "open" : ""}`} data-test="status-strip">
      <Line item={first} open={open}>
        {rest.length > 0 && (
          <button
            type="button"
            class="strip-more"
            aria-expanded={open}
            data-test="strip-more"
            title={open ? "Thu gọn các thông báo" : "Xem các thông báo khác"}
            onClick={() => setOpen(!open)}
          >
            {open ? "Thu gọn ▴" : `+${rest.length} thông báo ▾`}
          </button>
        )}
      </Line>
      {open && rest.map((item) => <Line key={item.id} item={item} open={open} />)}
    </div>
  );
}

function Line({ item, open, children }: { item: StripItem; open: boolean; children?: ComponentChildren }) {
  return (
    <div class={`strip-line strip-${item.kind} ${item.className ?? ""}`} data-test={item.test} data-strip={item.id} role={item.kind === "error" ? "alert" : "status"}>
      <span class="strip-icon" aria-hidden="true">
        {item.kind === "error" ? "!" : item.kind === "warning" ? "▲" : item.kind === "ok" ? "✓" : "i"}
      </span>
      <span class={`strip-text ${open ? "wrap" : ""}`} title={item.title}>
        {item.text}
      </span>
      {item.actions && <span class="strip-actions">{item.actions}</span>}
      {children}
      {item.onClose && (
        <button type="button" class="strip-close" aria-label="Đóng thông báo" title="Đóng" onClick={item.onClose}>
          ×
        </button>
      )}
    </div>
  );
}
