// A unit's «Nhận lúc»: when its first file came, what says so, and a
// correction by hand with its reason (kept with its history by the core).

import { useState } from "preact/hooks";

import type { AgencyUnit, ReceivedFrom } from "../../api";
import { BackendError } from "../../api";
import { ErrorNotice } from "../common";
import { localDateTime } from "../../format";

export const RECEIVED_FROM_LABELS: Record<ReceivedFrom, string> = {
  file: "theo ngày sửa đổi của tệp",
  export: "theo giờ xuất từ chitieu ghi trong tệp",
  manual: "sửa tay",
};

/** "2025-10-01T09:00:00+07:00" → "2025-10-01T09:00" (the field's value, Vietnam time as stored). */
const fieldValue = (at: string | null) => (at ? at.slice(0, 16) : "");

export function ReceivedAt({ unit, onCorrect }: { unit: AgencyUnit; onCorrect: (at: string, reason: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [at, setAt] = useState(fieldValue(unit.received_at));
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BackendError | null>(null);

  const save = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      await onCorrect(value, reason);
      setEditing(false);
      setReason("");
    } catch (e) {
      setError(BackendError.from(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="received-at" data-test="agency-received">
      <span data-test="agency-received-at">{unit.received_at ? localDateTime(unit.received_at) : "—"}</span>{" "}
      {unit.received_from && (
        <span class={`tag ${unit.received_from === "manual" ? "" : "tag-muted"}`} data-test="agency-received-from" data-from={unit.received_from}>
          {RECEIVED_FROM_LABELS[unit.received_from]}
        </span>
      )}
      {unit.received_reason && <div class="muted small">Lý do: {unit.received_reason}</div>}
      {!editing && (
        <div>
          <button type="button" class="btn-link" id="agency-correct-open" onClick={() => setEditing(true)}>
            Sửa «Nhận lúc»…
          </button>
        </div>
      )}
      {editing && (
        <form
          class="received-form"
          onSubmit={(e) => {
            e.preventDefault();
            save(at);
          }}
        >
          <label class="agency-field">
            <span>Nhận lúc (giờ Việt Nam)</span>
            <input id="agency-correct-at" type="datetime-local" value={at} required onInput={(e) => setAt((e.target as HTMLInputElement).value)} />
          </label>
          <label class="agency-field">
            <span>Lý do (bắt buộc)</span>
            <input
              id="agency-correct-reason"
              type="text"
              value={reason}
              placeholder="Ví dụ: theo ngày trên thư điện tử gửi đến"
              onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            />
          </label>
          <div class="received-actions">
            <button type="submit" class="btn btn-primary btn-small" id="agency-correct-save" disabled={busy || !at || !reason.trim()}>
              Lưu
            </button>
            {unit.received_from === "manual" && (
              <button type="button" class="btn btn-small" id="agency-correct-clear" disabled={busy || !reason.trim()} onClick={() => save("")}>
                Bỏ sửa tay, dùng giờ của tệp
              </button>
            )}
            <button type="button" class="btn btn-ghost btn-small" onClick={() => setEditing(false)} disabled={busy}>
              Thôi
            </button>
          </div>
        </form>
      )}
      {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
      {unit.corrections.length > 0 && (
        <details class="received-history">
          <summary>Các lần sửa «Nhận lúc» ({unit.corrections.length})</summary>
          <ul data-test="agency-corrections">
            {unit.corrections.map((c, i) => (
              <li key={i}>
                {localDateTime(c.recorded_at)}: {c.received_at ? localDateTime(c.received_at) : "bỏ sửa tay"} — {c.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
