// Every finding of the report; a click jumps to its cell. The indicators
// still without a figure are gathered in one line. The panel folds into a
// narrow strip (its counts still shown) to give the grid the width; it
// starts folded below 1440 px wide, and remembers the person's choice.

import { useState } from "preact/hooks";

import type { Diagnostic, Severity } from "../api";
import { SEVERITY_LABELS } from "../labels";
import { SeverityIcon } from "./common";

const MISSING = "missing-figure";

/** Below this window width the panel starts folded: the grid needs the width. */
export const WIDE_ENOUGH = 1440;
const REMEMBERED = "chitieu.diagnostics.folded";

/** Folded or not when a report opens: as the person left it, else by the width. */
export function initialDiagCollapsed(): boolean {
  try {
    const kept = window.localStorage?.getItem(REMEMBERED);
    if (kept === "1" || kept === "0") return kept === "1";
  } catch {
    /* no storage: decide by the width */
  }
  return window.innerWidth < WIDE_ENOUGH;
}

/** Keeps the person's choice for the next report and the next start. */
export function rememberDiagCollapsed(folded: boolean) {
  try {
    window.localStorage?.setItem(REMEMBERED, folded ? "1" : "0");
  } catch {
    /* not kept: the default applies next time */
  }
}

export function DiagnosticsPanel({
  diagnostics,
  onJump,
  collapsed,
  onCollapse,
}: {
  diagnostics: Diagnostic[];
  onJump: (d: Diagnostic) => void;
  collapsed: boolean;
  onCollapse: (collapsed: boolean) => void;
}) {
  const [shown, setShown] = useState<Record<Severity, boolean>>({ error: true, warning: true, info: false });
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const missing = diagnostics.filter((d) => d.code === MISSING);
  const list = diagnostics.filter((d) => shown[d.severity] && d.code !== MISSING);
  const showMissing = missing.length > 0 && shown[missing[0].severity];
  if (collapsed)
    return (
      <aside class="diag-panel diag-collapsed" aria-label="Kết quả kiểm tra số liệu" data-test="diagnostics">
        <button type="button" class="diag-expand" onClick={() => onCollapse(false)} title="Mở bảng kiểm tra số liệu" data-test="diag-expand">
          <span aria-hidden="true">‹</span>
          {(["error", "warning"] as Severity[]).map((s) => (
            <span key={s} class={`diag-mini diag-mini-${s}`} data-severity={s}>
              <SeverityIcon severity={s} />
              {count(s)}
            </span>
          ))}
          <span class="diag-expand-label">Kiểm tra số liệu</span>
        </button>
      </aside>
    );
  return (
    <aside class="diag-panel" aria-label="Kết quả kiểm tra số liệu" data-test="diagnostics">
      <div class="diag-head">
        <div class="diag-title">
          <h2>Kiểm tra số liệu</h2>
          <button type="button" class="btn-link diag-collapse" onClick={() => onCollapse(true)} title="Thu gọn để bảng số liệu rộng hơn" data-test="diag-collapse">
            Thu gọn ›
          </button>
        </div>
        <div class="diag-filters" role="group" aria-label="Lọc theo mức độ">
          {(["error", "warning", "info"] as Severity[]).map((s) => (
            <button
              key={s}
              type="button"
              class={`chip chip-${s} ${shown[s] ? "on" : ""}`}
              aria-pressed={shown[s]}
              data-severity={s}
              onClick={() => setShown({ ...shown, [s]: !shown[s] })}
            >
              {SEVERITY_LABELS[s]} <span class="chip-count">{count(s)}</span>
            </button>
          ))}
        </div>
      </div>
      <ul class="diag-list">
        {list.length === 0 && !showMissing && (
          <li class="empty">{count("error") + count("warning") === 0 ? "Không có lỗi hay cảnh báo nào." : "Không có mục nào ở mức độ đã chọn."}</li>
        )}
        {list.map((d, i) => (
          <li key={`${d.code}-${d.indicator}-${i}`}>
            <DiagnosticItem diagnostic={d} onJump={onJump} />
          </li>
        ))}
        {showMissing && (
          <li>
            <button type="button" class={`diag-item diag-${missing[0].severity}`} onClick={() => onJump(missing[0])} data-code={MISSING}>
              <SeverityIcon severity={missing[0].severity} />
              <span class="diag-text">
                <strong>{missing.length} chỉ tiêu chưa có số liệu:</strong>{" "}
                <span class="missing-codes">{missing.map((d) => d.indicator).join(", ")}</span>
              </span>
            </button>
          </li>
        )}
      </ul>
    </aside>
  );
}

/** One finding, as a button that jumps to its cell. */
export function DiagnosticItem({ diagnostic: d, onJump }: { diagnostic: Diagnostic; onJump: (d: Diagnostic) => void }) {
  return (
    <button type="button" class={`diag-item diag-${d.severity}`} onClick={() => onJump(d)} data-indicator={d.indicator ?? ""} data-code={d.code}>
      <SeverityIcon severity={d.severity} />
      <span class="diag-text">
        {d.indicator && <span class="diag-code">{d.indicator}</span>}
        {d.message}
      </span>
    </button>
  );
}
