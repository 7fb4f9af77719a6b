// Every version of each figure, where it came from, the report's moves to
// another indicator set (edition), and the exports log.

import { useEffect, useState } from "preact/hooks";

import type { EditionChange, ExportRecord, Figure, HistoryEntry, Origin, ReportView } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { displayFigure, localDateTime } from "../format";
import { carriesFigure, STATUS_LABELS } from "../grid";
import { ErrorNotice, Spinner } from "./common";

const TEXT_FIELDS: [keyof Figure, string][] = [
  ["source", "nguồn số liệu"],
  ["trend", "đánh giá xu hướng"],
  ["comparison", "so sánh quốc tế"],
  ["proposals", "đề xuất, kiến nghị"],
  ["notes", "ghi chú"],
];

function valueText(f: Figure | null): string {
  if (!f) return "—";
  const v = displayFigure(f.value, f.raw);
  return v === "" ? "(trống)" : v;
}

const CLIP = 120;

function clip(t: string): string {
  return t.length > CLIP ? t.slice(0, CLIP) + "…" : t;
}

/** The text columns a change touched, each with its text before and after. */
function textChanges(h: HistoryEntry): { name: string; before: string; after: string }[] {
  return TEXT_FIELDS.filter(([k]) => (h.old ? h.old[k] : "") !== h.new[k]).map(([k, name]) => ({
    name,
    before: h.old ? String(h.old[k]) : "",
    after: String(h.new[k]),
  }));
}

/** Whether two versions of a figure hold the same (an absent one is blank). */
function sameFigure(a: Figure | null, b: Figure | null): boolean {
  const blank = (f: Figure | null) => !f || (f.raw.trim() === "" && f.status === null && f.status_raw === "" && TEXT_FIELDS.every(([k]) => String(f[k]).trim() === ""));
  if (!a || !b) return blank(a) && blank(b);
  return a.value === b.value && a.raw.trim() === b.raw.trim() && a.status === b.status && a.status_raw === b.status_raw && TEXT_FIELDS.every(([k]) => a[k] === b[k]);
}

function statusText(f: Figure | null): string {
  if (!f) return "";
  return f.status ? STATUS_LABELS[f.status] : f.status_raw;
}

export function originText(o: Origin, cell: string | null): string {
  switch (o.kind) {
    case "app":
      return "Nhập trên ứng dụng";
    case "cli":
      return "Lệnh chitieu (dòng lệnh)";
    case "import":
      return `Nhập từ tệp ${o.file_name}${cell ? `, ô ${cell}` : ""}`;
    case "undo":
      return "Hoàn tác (Ctrl+Z)";
    case "restore":
      return `Khôi phục giá trị trước lần sửa ${o.revision}`;
    case "repair":
      return "Sửa sai số làm tròn của phiên bản cũ";
    case "draft":
      return o.cli ? "Nhận bản nháp (lệnh chitieu draft)" : "Nhận bản nháp đánh giá";
  }
}

export function HistoryPanel({
  view,
  indicator,
  onIndicator,
  onRestore,
}: {
  view: ReportView;
  indicator: string | null;
  onIndicator: (code: string | null) => void;
  /** Gives the figure back its value before change `revision`. */
  onRestore?: (indicator: string, revision: number) => Promise<void>;
}) {
  const backend = useBackend();
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [exports, setExports] = useState<ExportRecord[] | null>(null);
  const [moves, setMoves] = useState<EditionChange[]>([]);
  const [error, setError] = useState<BackendError | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);

  useEffect(() => {
    setHistory(null);
    Promise.all([
      backend.history(view.unit_code, view.period, indicator),
      backend.exports(view.unit_code, view.period),
      backend.editionChanges(view.unit_code, view.period),
    ]).then(
      ([h, x, m]) => {
        setHistory(h.slice().reverse());
        setExports(x.slice().reverse());
        setMoves(m.slice().reverse());
      },
      (e) => setError(BackendError.from(e)),
    );
  }, [view, indicator]);

  const names = new Map(view.rows.map((r) => [r.code, r.name]));
  const current = new Map(view.rows.map((r) => [r.code, r.figure]));

  const restore = async (h: HistoryEntry) => {
    if (!onRestore) return;
    setRestoring(`${h.indicator}-${h.revision}`);
    try {
      await onRestore(h.indicator, h.revision);
    } finally {
      setRestoring(null);
    }
  };
  const figureRows = view.rows.filter((r) => carriesFigure(r.kind));

  return (
    <div class="panel history-panel" data-test="history">
      <div class="panel-head">
        <h2>Lịch sử số liệu</h2>
        <label class="inline">
          Chỉ tiêu{" "}
          <select value={indicator ?? ""} onChange={(e) => onIndicator((e.target as HTMLSelectElement).value || null)}>
            <option value="">Tất cả chỉ tiêu</option>
            {figureRows.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} — {r.name.length > 70 ? r.name.slice(0, 70) + "…" : r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorNotice error={error} />}
      {moves.length > 0 && <EditionMoves moves={moves} indicator={indicator} />}
      {!history && !error && <Spinner label="Đang tải lịch sử…" />}
      {history && history.length === 0 && <p class="muted">Chưa có thay đổi nào.</p>}
      {history && history.length > 0 && (
        <div class="table-scroll">
          <table class="data history-table">
            <thead>
              <tr>
                <th>Thời điểm</th>
                <th>Chỉ tiêu</th>
                <th>Lần sửa</th>
                <th>Trước</th>
                <th>Sau</th>
                <th>Nguồn gốc</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => {
                const promoted = h.old?.status === "estimate" && h.new.status === "official";
                const texts = textChanges(h);
                return (
                  <tr key={`${h.indicator}-${h.revision}`} data-indicator={h.indicator}>
                    <td class="nowrap">{localDateTime(h.at)}</td>
                    <td>
                      <span class="code">{h.indicator}</span> <span class="muted small">{names.get(h.indicator) ?? ""}</span>
                    </td>
                    <td class="center">{h.revision}</td>
                    <td class="num muted">
                      {valueText(h.old)} <span class="small">{statusText(h.old)}</span>
                      {onRestore && h.origin.kind !== "repair" && !sameFigure(h.old, current.get(h.indicator) ?? null) && (
                        <div>
                          <button
                            type="button"
                            class="btn btn-small"
                            data-test="restore-value"
                            disabled={restoring !== null}
                            title={`Đưa chỉ tiêu ${h.indicator} về giá trị trước lần sửa ${h.revision}: ${valueText(h.old)}`}
                            onClick={() => void restore(h)}
                          >
                            Khôi phục giá trị này
                          </button>
                        </div>
                      )}
                    </td>
                    <td class="num">
                      {valueText(h.new)} <span class="small">{statusText(h.new)}</span>
                      {promoted && <div class="tag tag-ok">Ước tính → Chính thức</div>}
                      {texts.map((t) => (
                        <div key={t.name} class="muted small text-change" data-test="text-change" title={`${t.before || "(trống)"} → ${t.after || "(trống)"}`}>
                          {t.name}: {t.before ? <del>{clip(t.before)}</del> : "(trống)"} → {t.after ? <ins>{clip(t.after)}</ins> : "(trống)"}
                        </div>
                      ))}
                    </td>
                    <td>
                      <span class={`origin origin-${h.origin.kind}`} title={h.origin.kind === "import" ? `SHA-256: ${h.origin.sha256}` : undefined}>
                        {originText(h.origin, h.cell)}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2 class="section-gap">Các lần xuất tệp</h2>
      {exports && exports.length === 0 && <p class="muted">Chưa xuất tệp nào cho kỳ này.</p>}
      {exports && exports.length > 0 && (
        <div class="table-scroll">
          <table class="data exports-table">
            <thead>
              <tr>
                <th>Thời điểm</th>
                <th>Loại</th>
                <th>Tệp</th>
                <th>Số liệu</th>
                <th>Mã kiểm tra (SHA-256)</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((x, i) => (
                <tr key={i}>
                  <td class="nowrap">{localDateTime(x.at)}</td>
                  <td>{x.kind === "submission" ? "Báo cáo gửi đi" : "Biểu mẫu trống"}</td>
                  <td class="path">{x.path}</td>
                  <td class="center">{x.snapshot.length}</td>
                  <td class="mono" title={x.sha256}>
                    {x.sha256.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The report's moves to another indicator set, newest first; with one
 *  indicator chosen, whether its figure was carried over or dropped. */
function EditionMoves({ moves, indicator }: { moves: EditionChange[]; indicator: string | null }) {
  return (
    <div class="edition-moves" data-test="edition-changes">
      <h3>Các lần chuyển bộ chỉ tiêu</h3>
      <ul>
        {moves.map((m, i) => {
          const fate = indicator
            ? m.carried.includes(indicator)
              ? `; chỉ tiêu ${indicator} giữ số liệu`
              : m.removed.includes(indicator)
                ? `; chỉ tiêu ${indicator} không còn trong bộ mới (số liệu còn trong lịch sử)`
                : ""
            : `; giữ số liệu của ${m.carried.length} chỉ tiêu cùng mã${m.removed.length ? `, bỏ ${m.removed.join(", ")} (số liệu còn trong lịch sử)` : ""}`;
          return (
            <li key={i} data-from={m.from} data-to={m.to}>
              <span class="nowrap">{localDateTime(m.at)}</span>: chuyển từ bộ chỉ tiêu <span class="code nowrap">{m.from}</span> sang{" "}
              <span class="code nowrap">{m.to}</span>
              {fate} <span class="muted small">({m.origin === "cli" ? "lệnh chitieu move-edition" : "trên ứng dụng"})</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
