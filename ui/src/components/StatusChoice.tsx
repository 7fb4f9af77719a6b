// «Loại số liệu» is a choice, not free text: Chính thức or Ước tính (or
// empty). Shortcuts: C or 1 → Chính thức, U or 2 → Ước tính, Delete or 0 →
// empty; arrows and Enter pick from the list, Esc closes it. A status read
// from a file stays as it was typed (the core keeps `status_raw`); only a
// choice made here writes one of the two words.

import { useLayoutEffect, useRef, useState } from "preact/hooks";

import { STATUS_LABELS } from "../grid";

/** The choices in order: the two words, then "empty". */
export const STATUS_CHOICES: { text: string; label: string; keys: string }[] = [
  { text: STATUS_LABELS.official, label: STATUS_LABELS.official, keys: "C" },
  { text: STATUS_LABELS.estimate, label: STATUS_LABELS.estimate, keys: "U" },
  { text: "", label: "Để trống", keys: "Delete" },
];

/** The choice a key picks at once, if any ("c", "1", "u", "2", Delete, "0"). */
export function statusShortcut(key: string): string | null {
  const k = key.toLowerCase();
  if (k === "c" || k === "1") return STATUS_LABELS.official;
  if (k === "u" || k === "2") return STATUS_LABELS.estimate;
  if (k === "delete" || k === "backspace" || k === "0") return "";
  return null;
}

export function StatusChoice({ current, onPick, onCancel }: { current: string; onPick: (text: string) => void; onCancel: () => void }) {
  const start = Math.max(0, STATUS_CHOICES.findIndex((c) => c.text === current));
  const [active, setActive] = useState(start);
  const ref = useRef<HTMLUListElement>(null);

  useLayoutEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);

  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    const picked = e.ctrlKey || e.metaKey || e.altKey ? null : statusShortcut(e.key);
    if (picked !== null) {
      e.preventDefault();
      onPick(picked);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const n = STATUS_CHOICES.length;
      setActive((a) => (a + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
    } else if (e.key === "Enter" || e.key === " " || e.key === "Tab") {
      e.preventDefault();
      onPick(STATUS_CHOICES[active].text);
    } else if (e.key === "Escape") {
      e.preventDefault();
      onCancel();
    } else if (e.key.length === 1) {
      e.preventDefault(); // nothing else is a status: no free text
    }
  };

  return (
    <ul
      ref={ref}
      class="status-choice"
      role="listbox"
      tabIndex={-1}
      aria-label="Loại số liệu"
      aria-activedescendant={`status-opt-${active}`}
      onKeyDown={onKey}
      onBlur={onCancel}
      data-test="status-choice"
    >
      {STATUS_CHOICES.map((c, i) => (
        <li
          key={c.label}
          id={`status-opt-${i}`}
          role="option"
          aria-selected={i === active}
          class={i === active ? "active" : ""}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(c.text);
          }}
          onMouseEnter={() => setActive(i)}
        >
          <span>{c.label}</span>
          <kbd>{c.keys}</kbd>
        </li>
      ))}
    </ul>
  );
}
