import type { ComponentChildren } from "preact";

import type { Completeness, Diagnostic, ReportState } from "../api";
import { BackendError } from "../api";
import { SEVERITY_LABELS, STATE_LABELS } from "../labels";

/**
 * A report's state. `label` is the core's words when it says more ("Đã xuất
 * (4/26 chỉ tiêu)"); an export with figures missing is not shown in the
 * colour of a complete one.
 */
export function StateBadge({ state, label, completeness }: { state: ReportState | null; label?: string | null; completeness?: Completeness | null }) {
  if (!state) return <span class="badge badge-muted">Không áp dụng</span>;
  const partial = state === "exported" && completeness != null && completeness.filled < completeness.expected;
  return (
    <span class={`badge state-${state}${partial ? " state-exported-partial" : ""}`} data-state={partial ? "exported_partial" : state}>
      {label ?? STATE_LABELS[state]}
    </span>
  );
}

export function Notice({ kind, children, onClose }: { kind: "ok" | "error" | "warning" | "info"; children: ComponentChildren; onClose?: () => void }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      <div class="notice-body">{children}</div>
      {onClose && (
        <button class="notice-close" type="button" aria-label="Đóng thông báo" title="Đóng" onClick={onClose}>
          ×
        </button>
      )}
    </div>
  );
}

/** An error from the shell, in words. */
export function ErrorNotice({ error, onClose }: { error: BackendError; onClose?: () => void }) {
  return (
    <Notice kind="error" onClose={onClose}>
      <span data-code={error.code}>{error.message}</span>
    </Notice>
  );
}

export function SeverityIcon({ severity }: { severity: Diagnostic["severity"] }) {
  const sign = severity === "error" ? "!" : severity === "warning" ? "▲" : "i";
  return (
    <span class={`sev sev-${severity}`} title={SEVERITY_LABELS[severity]} aria-label={SEVERITY_LABELS[severity]}>
      {sign}
    </span>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div class="spinner" role="status">
      <span class="spinner-dot" />
      {label}
    </div>
  );
}
