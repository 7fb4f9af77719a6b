// Which catalogue edition a report uses, when it matters: the line of a
// report whose year its edition does not cover (in the report's status
// strip), and the move to a newer edition (preview of what carries over and
// what is dropped, then confirm) in a panel under the strip.

import { useState } from "preact/hooks";

import type { EditionMove, ReportView } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { ErrorNotice } from "./common";
import type { StripItem } from "./StatusStrip";

export function useEditionBanner(view: ReportView | null, onMoved: (m: EditionMove) => void): { item: StripItem | null; panel: preact.JSX.Element | null } {
  const backend = useBackend();
  const [move, setMove] = useState<EditionMove | null>(null);
  const [error, setError] = useState<BackendError | null>(null);
  if (!view) return { item: null, panel: null };
  const to = view.newer_editions[0];
  if (!view.edition_notice && !to) return { item: null, panel: null };

  const preview = async () => {
    try {
      setError(null);
      setMove(await backend.previewEditionMove(view.unit_code, view.period, to));
    } catch (e) {
      setError(BackendError.from(e));
    }
  };
  const confirm = async () => {
    try {
      const m = await backend.moveEdition(view.unit_code, view.period, to);
      setMove(null);
      onMoved(m);
    } catch (e) {
      setError(BackendError.from(e));
    }
  };

  const newer = to ? `Đã có bộ chỉ tiêu mới hơn cho năm ${view.plan_year}: ${to}.` : "";
  const item: StripItem = {
    id: "edition",
    kind: "warning",
    test: "edition-banner",
    title: [view.edition_notice ?? "", newer].filter((x) => x !== "").join(" "),
    text: (
      <>
        {view.edition_notice && <span id="edition-notice">{view.edition_notice}</span>}
        {to && <span> {newer}</span>}
      </>
    ),
    actions: to && !move && (
      <button type="button" class="btn" id="edition-move-preview" onClick={preview}>
        Chuyển báo cáo sang bộ {to}…
      </button>
    ),
  };
  const panel =
    move || error ? (
      <div class="strip-panel" data-test="edition-move-panel">
        {move && (
          <div id="edition-move">
            <p>
              Chuyển từ bộ {move.from} ({move.from_years}) sang bộ {move.to} ({move.to_years}): giữ số liệu của {move.carried.length} chỉ tiêu cùng mã
              {move.carried.length > 0 ? ` (${move.carried.join(", ")})` : ""}.
            </p>
            {move.removed.length > 0 && (
              <p>
                Bộ mới không còn các chỉ tiêu sau; số liệu của chúng được xóa khỏi báo cáo nhưng vẫn còn trong lịch sử:{" "}
                {move.removed.map((i) => `${i.code} ${i.name}`).join("; ")}.
              </p>
            )}
            <button type="button" class="btn btn-primary" id="edition-move-confirm" onClick={confirm}>
              Xác nhận chuyển
            </button>{" "}
            <button type="button" class="btn" onClick={() => setMove(null)}>
              Hủy
            </button>
          </div>
        )}
        {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
      </div>
    ) : null;
  return { item, panel };
}
