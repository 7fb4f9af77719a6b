// Export: the submission (validated first; what blocks it is listed), with
// its PDF rendition beside it unless «Kèm bản PDF» is unticked, and the
// blank template. The shell asks where to save (native dialog) and writes
// atomically; the result says where the files went, and «Ký số…» opens the
// signing panel on the exported PDF.

import { useState } from "preact/hooks";

import type { Diagnostic, ExportDone, ReportView } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { sizeText } from "../format";
import { ErrorNotice, Notice, SeverityIcon, Spinner, StateBadge } from "./common";
import { DiagnosticItem } from "./Diagnostics";
import { SignPanel } from "./SignPanel";

export function ExportPanel({ view, onExported, onJump }: { view: ReportView; onExported: () => void; onJump: (d: Diagnostic) => void }) {
  const backend = useBackend();
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<{ kind: "submission" | "template"; result: ExportDone } | null>(null);
  const [error, setError] = useState<BackendError | null>(null);
  const [revealError, setRevealError] = useState<BackendError | null>(null);
  /** Figures missing: the export waits for "Vẫn xuất". */
  const [confirming, setConfirming] = useState(false);
  /** «Ký số» open: on the exported PDF, or one picked in the panel. */
  const [signing, setSigning] = useState(false);
  /** «Kèm bản PDF»: the PDF to sign, written beside the workbook. */
  const [withPdf, setWithPdf] = useState(true);
  const missing = view.completeness.expected - view.completeness.filled;

  const run = async (kind: "submission" | "template") => {
    setConfirming(false);
    setBusy(kind === "submission" ? "Đang kiểm tra và xuất báo cáo…" : "Đang xuất biểu mẫu trống…");
    setError(null);
    setDone(null);
    setRevealError(null);
    try {
      const result = kind === "submission" ? await backend.exportSubmission(view.unit_code, view.period, withPdf) : await backend.exportTemplate(view.unit_code, view.period);
      if (result) {
        setDone({ kind, result });
        onExported();
      }
    } catch (e) {
      setError(BackendError.from(e));
    } finally {
      setBusy(null);
    }
  };

  const reveal = async (token: string) => {
    setRevealError(null);
    try {
      await backend.revealExport(token);
    } catch (e) {
      setRevealError(BackendError.from(e));
    }
  };

  const blockers = error?.code === "export_blocked" ? error.diagnostics : [];

  return (
    <div class="panel export-panel" data-test="export">
      <section class="export-section">
        <h2>Xuất báo cáo để gửi</h2>
        <div class="export-status">
          <StateBadge state={view.state} />
          {view.errors > 0 ? (
            <span class="overdue">Còn {view.errors} lỗi cần sửa trước khi xuất.</span>
          ) : (
            <span>
              Không còn lỗi{view.warnings > 0 ? `; ${view.warnings} cảnh báo sẽ được ghi vào trang «Kiểm tra» của tệp` : ""}.
            </span>
          )}
        </div>
        <p class="muted">
          Tệp Excel đúng mẫu Phụ lục 01, gửi {view.receiver || "Cục Chuyển đổi số quốc gia"}. Chương trình kiểm tra số liệu trước, rồi hỏi nơi lưu
          tệp.
        </p>
        <button
          type="button"
          id="export-submission"
          class="btn btn-primary"
          disabled={busy !== null || view.export_refusal !== null || confirming}
          aria-describedby={view.export_refusal ? "export-refusal" : undefined}
          onClick={() => (missing > 0 && view.errors === 0 ? setConfirming(true) : run("submission"))}
        >
          Kiểm tra và xuất báo cáo…
        </button>
        <label class="export-with-pdf">
          <input type="checkbox" id="export-with-pdf" checked={withPdf} disabled={busy !== null} onChange={(e) => setWithPdf(e.currentTarget.checked)} />
          Kèm bản PDF (cùng số liệu, để ký số)
        </label>
        {view.export_refusal && (
          <p id="export-refusal" class="export-refusal" data-test="export-refusal">
            {view.export_refusal}
          </p>
        )}
        {confirming && (
          <div class="export-confirm" role="alertdialog" aria-labelledby="export-confirm-text" data-test="export-confirm">
            <p id="export-confirm-text">
              Còn {missing}/{view.completeness.expected} chỉ tiêu chưa có số liệu. Vẫn xuất? Các ô đó sẽ để trống trong tệp gửi đi.
            </p>
            <div class="actions-inline">
              <button type="button" class="btn btn-primary" id="export-confirm-yes" onClick={() => run("submission")} autoFocus>
                Vẫn xuất
              </button>
              <button type="button" class="btn" id="export-confirm-no" onClick={() => setConfirming(false)}>
                Không, nhập tiếp
              </button>
            </div>
          </div>
        )}
      </section>

      {busy && <Spinner label={busy} />}

      {error && (
        <div class="export-blocked" data-test="export-error">
          <ErrorNotice error={error} onClose={() => setError(null)} />
          {blockers.length > 0 && (
            <ul class="blockers">
              {blockers.map((d, i) => (
                <li key={i}>
                  <DiagnosticItem diagnostic={d} onJump={onJump} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {done && (
        <div class="export-result" data-test="export-result">
          <Notice kind="ok">
            <div class="result-title">{done.kind === "submission" ? "Đã xuất báo cáo" : "Đã xuất biểu mẫu trống"}</div>
            <dl class="result-facts">
              <dt>Tệp</dt>
              <dd id="export-file-name">{done.result.file_name}</dd>
              <dt>Thư mục</dt>
              <dd class="path">{done.result.folder}</dd>
              <dt>Dung lượng</dt>
              <dd>{sizeText(done.result.exported.bytes)}</dd>
              {done.result.pdf && (
                <>
                  <dt>Bản PDF</dt>
                  <dd id="export-pdf-name">
                    {done.result.pdf.file_name}
                    {done.result.exported.pdf ? ` (${done.result.exported.pdf.pages} trang, ${sizeText(done.result.exported.pdf.bytes)})` : ""}
                  </dd>
                </>
              )}
              {done.kind === "submission" && (
                <>
                  <dt>Số liệu</dt>
                  <dd>
                    {done.result.exported.completeness.filled}/{done.result.exported.completeness.expected} chỉ tiêu có số liệu
                  </dd>
                </>
              )}
            </dl>
            <button type="button" id="export-reveal" class="btn" onClick={() => reveal(done.result.token)}>
              Mở thư mục chứa tệp
            </button>
            {done.kind === "submission" && (
              <button type="button" id="export-sign" class="btn" onClick={() => setSigning(true)}>
                Ký số…
              </button>
            )}
          </Notice>
          {revealError && <ErrorNotice error={revealError} />}
          {done.result.exported.warnings.length > 0 && (
            <div class="warn-list">
              <h3>Các cảnh báo đã ghi vào trang «Kiểm tra» của tệp</h3>
              <ul>
                {done.result.exported.warnings.map((d, i) => (
                  <li key={i}>
                    <SeverityIcon severity={d.severity} /> {d.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}

      {signing && <SignPanel file={done?.result.pdf ?? null} onClose={() => setSigning(false)} />}

      <section class="export-section secondary">
        <h2>Biểu mẫu trống</h2>
        <p class="muted">
          Biểu Phụ lục 01 của đơn vị, có sẵn kế hoạch và mục tiêu, các ô số liệu để trống và có kiểm tra khi nhập trong Excel — để gửi cho người
          cung cấp số liệu điền rồi nhập lại vào chương trình.
        </p>
        <button type="button" id="export-template" class="btn" disabled={busy !== null} onClick={() => run("template")}>
          Xuất biểu mẫu trống…
        </button>
      </section>
    </div>
  );
}
