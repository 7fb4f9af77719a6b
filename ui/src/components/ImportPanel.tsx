// Import a workbook: pick (native dialog, Rust side), preview the diff
// against what is stored, then confirm or cancel. Nothing is written
// before "confirm".

import { useEffect, useState } from "preact/hooks";

import type { Change, Figure, ImportDone, PickedFile, Preview, ReportView } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { displayFigure, periodLabel } from "../format";
import { STATUS_LABELS } from "../grid";
import { CHANGE_LABELS } from "../labels";
import { ErrorNotice, Notice, SeverityIcon, Spinner } from "./common";

type Step =
  | { kind: "idle" }
  | { kind: "busy"; label: string; file?: PickedFile }
  | { kind: "preview"; file: PickedFile; preview: Preview }
  | { kind: "failed"; file?: PickedFile; error: BackendError; filePeriod?: string };

function figureText(f: Figure | null): string {
  if (!f) return "—";
  const v = displayFigure(f.value, f.raw);
  const s = f.status ? STATUS_LABELS[f.status] : f.status_raw;
  return [v || "(trống)", s].filter(Boolean).join(" · ");
}

export function ImportPanel({
  view,
  onImported,
  initialFile,
  onOpenPeriod,
}: {
  view: ReportView;
  onImported: (done: ImportDone) => void;
  /** A file already picked (on another period's tab): previewed at once. */
  initialFile?: PickedFile;
  /** Opens the period the file says it is for, with the file. */
  onOpenPeriod?: (period: string, file: PickedFile) => void;
}) {
  const backend = useBackend();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const unit = view.unit_code;
  const period = view.period;

  const previewOf = async (file: PickedFile) => {
    setStep({ kind: "busy", label: `Đang đọc tệp ${file.file_name}…`, file });
    try {
      const preview = await backend.previewImport(file.token, unit, period);
      setStep({ kind: "preview", file, preview });
    } catch (e) {
      const error = BackendError.from(e);
      // The file is for another period: find which, to offer opening it.
      let filePeriod: string | undefined;
      if (error.code === "period_conflict") {
        filePeriod = await backend.previewImport(file.token, unit, null).then(
          (p) => p.period,
          () => undefined,
        );
      }
      setStep({ kind: "failed", file, error, filePeriod });
    }
  };

  useEffect(() => {
    if (initialFile) previewOf(initialFile);
  }, []);

  const pick = async () => {
    if (step.kind === "preview" || step.kind === "failed") {
      if (step.file) await backend.cancelImport(step.file.token).catch(() => {});
    }
    setStep({ kind: "busy", label: "Đang chờ chọn tệp…" });
    try {
      const file = await backend.pickImportFile();
      if (!file) {
        setStep({ kind: "idle" });
        return;
      }
      await previewOf(file);
    } catch (e) {
      setStep({ kind: "failed", error: BackendError.from(e) });
    }
  };

  const confirm = async (file: PickedFile, preview: Preview) => {
    setStep({ kind: "busy", label: "Đang nhập số liệu…", file });
    try {
      const done = await backend.confirmImport(file.token, unit, period, preview.sha256);
      setStep({ kind: "idle" });
      onImported(done);
    } catch (e) {
      setStep({ kind: "failed", file, error: BackendError.from(e) });
    }
  };

  const cancel = async (file?: PickedFile) => {
    if (file) await backend.cancelImport(file.token).catch(() => {});
    setStep({ kind: "idle" });
  };

  const names = new Map(view.rows.map((r) => [r.code, r.name]));

  return (
    <div class="panel import-panel" data-test="import">
      <div class="panel-intro">
        <h2>Nhập số liệu từ tệp Excel</h2>
        <p>
          Chọn tệp biểu Phụ lục 01 (.xlsx, .xls hoặc .ods) của {view.unit_name}, {view.period_label}. Chương trình đọc tệp và cho
          bạn xem trước từng số liệu <strong>mới</strong>, <strong>thay đổi</strong>, <strong>không đổi</strong> hay <strong>có lỗi</strong> so
          với số liệu đang lưu. Chưa có gì được ghi cho tới khi bạn bấm «Xác nhận nhập»; ô trống trong tệp không xóa số liệu đang có.
        </p>
        <button type="button" id="import-pick" class="btn btn-primary" onClick={pick} disabled={step.kind === "busy"}>
          {step.kind === "idle" ? "Chọn tệp…" : "Chọn tệp khác…"}
        </button>
      </div>

      {step.kind === "busy" && <Spinner label={step.label} />}

      {step.kind === "failed" && (
        <div class="import-failed">
          <ErrorNotice error={step.error} />
          {step.filePeriod && step.file && onOpenPeriod && (
            <button type="button" class="btn btn-primary" id="import-open-period" onClick={() => step.file && step.filePeriod && onOpenPeriod(step.filePeriod, step.file)}>
              Mở {periodLabel(step.filePeriod)} và nhập tệp này vào đó
            </button>
          )}
          {step.error.code === "changed_since_preview" && step.file && (
            <button type="button" class="btn" onClick={() => step.file && previewOf(step.file)}>
              Xem trước lại
            </button>
          )}
        </div>
      )}

      {step.kind === "preview" && (
        <PreviewView
          preview={step.preview}
          names={names}
          onConfirm={() => confirm(step.file, step.preview)}
          onCancel={() => cancel(step.file)}
        />
      )}
    </div>
  );
}

function PreviewView({ preview, names, onConfirm, onCancel }: { preview: Preview; names: Map<string, string>; onConfirm: () => void; onCancel: () => void }) {
  const count = (c: Change) => preview.figures.filter((f) => f.change === c).length;
  const toWrite = preview.figures.length - count("unchanged");
  const fileLevel = preview.diagnostics.filter((d) => !d.indicator);
  const byIndicator = (code: string) => preview.diagnostics.filter((d) => d.indicator === code && d.severity !== "info");
  return (
    <div class="preview" data-test="import-preview">
      <div class="preview-summary">
        <div>
          <div class="preview-file">{preview.file_name}</div>
          <div class="muted">
            {preview.unit_name} · {periodLabel(preview.period)} · trang «{preview.sheet}»{preview.from_export ? " · tệp do chương trình này xuất, chưa bị sửa" : ""}
          </div>
        </div>
        <div class="counts">
          {(["new", "changed", "unchanged", "error"] as Change[]).map((c) => (
            <span key={c} class={`count count-${c}`} data-change={c}>
              <strong>{count(c)}</strong> {CHANGE_LABELS[c].toLowerCase()}
            </span>
          ))}
        </div>
      </div>
      {fileLevel.length > 0 && (
        <ul class="file-notes">
          {fileLevel.map((d, i) => (
            <li key={i}>
              <SeverityIcon severity={d.severity} /> {d.message}
            </li>
          ))}
        </ul>
      )}
      {count("error") > 0 && (
        <Notice kind="warning">
          Số liệu có lỗi vẫn được nhập nguyên văn như trong tệp và được đánh dấu để bạn sửa trên bảng số liệu; báo cáo chỉ xuất được khi hết lỗi.
        </Notice>
      )}
      <div class="table-scroll">
        <table class="data preview-table">
          <thead>
            <tr>
              <th>STT</th>
              <th>Chỉ tiêu</th>
              <th>Ô</th>
              <th>Đang lưu</th>
              <th>Trong tệp</th>
              <th>Kết quả</th>
            </tr>
          </thead>
          <tbody>
            {preview.figures.map((f) => {
              const diags = byIndicator(f.merged.indicator);
              return (
                <tr key={f.merged.indicator} class={`change-${f.change}`} data-indicator={f.merged.indicator}>
                  <td class="code">{f.merged.indicator}</td>
                  <td>
                    {names.get(f.merged.indicator) ?? ""}
                    {diags.map((d, i) => (
                      <div key={i} class={`row-diag row-diag-${d.severity}`}>
                        <SeverityIcon severity={d.severity} /> {d.message}
                      </div>
                    ))}
                  </td>
                  <td class="center muted">{f.cell}</td>
                  <td class="num muted">{figureText(f.stored)}</td>
                  <td class="num">{figureText(f.merged)}</td>
                  <td>
                    <span class={`badge change-badge change-${f.change}`}>{CHANGE_LABELS[f.change]}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="actions sticky-actions">
        <button type="button" class="btn" id="import-cancel" onClick={onCancel}>
          Hủy, không nhập
        </button>
        <button type="button" class="btn btn-primary" id="import-confirm" onClick={onConfirm} disabled={toWrite === 0}>
          {toWrite === 0 ? "Không có gì thay đổi" : `Xác nhận nhập ${toWrite} số liệu`}
        </button>
      </div>
    </div>
  );
}
