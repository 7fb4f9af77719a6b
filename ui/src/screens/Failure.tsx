// The database could not be opened: say why, and what to do, in the window.

import { useState } from "preact/hooks";

import { type AppInfo, BackendError, type IpcError } from "../api";
import { useBackend } from "../context";

const ADVICE: Record<string, string> = {
  corrupt_database: "Hãy khôi phục cơ sở dữ liệu từ bản sao lưu gần nhất trong thư mục sao lưu dưới đây, hoặc liên hệ bộ phận hỗ trợ kỹ thuật.",
  not_our_database: "Hãy kiểm tra đường dẫn cơ sở dữ liệu (biến môi trường CHITIEU_DB) và dùng đúng tệp của chương trình.",
  newer_database: "Hãy cài phiên bản mới hơn của chương trình.",
  database_busy: "Một cửa sổ chương trình hoặc lệnh chitieu khác đang dùng cơ sở dữ liệu. Hãy đóng nó rồi bấm «Thử lại».",
  permission_denied: "Hãy kiểm tra quyền đọc/ghi của thư mục chứa cơ sở dữ liệu.",
  disk_full: "Hãy giải phóng dung lượng ổ đĩa rồi bấm «Thử lại».",
  read_only: "Thư mục chứa cơ sở dữ liệu chỉ cho phép đọc. Hãy chọn nơi khác (biến CHITIEU_DB).",
};

export function Failure({ info, error, onRetry }: { info: AppInfo | null; error: IpcError; onRetry: () => void }) {
  const backend = useBackend();
  const [busy, setBusy] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const backup = error.code === "corrupt_database" ? info?.latest_backup ?? null : null;
  const restore = async () => {
    setBusy(true);
    setRestoreError(null);
    try {
      await backend.restoreBackup();
      onRetry();
    } catch (e) {
      setRestoreError(BackendError.from(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="failure" role="alert" data-code={error.code}>
      <div class="failure-card">
        <div class="failure-icon" aria-hidden="true">
          !
        </div>
        <h1>Không mở được cơ sở dữ liệu</h1>
        <p class="failure-message">{error.message}</p>
        {!backup && (
          <p>{ADVICE[error.code] ?? "Hãy thử lại; nếu vẫn không được, hãy liên hệ bộ phận hỗ trợ kỹ thuật và gửi kèm nội dung thông báo này."}</p>
        )}
        {info && (
          <dl class="result-facts">
            <dt>Cơ sở dữ liệu</dt>
            <dd class="path">{info.database}</dd>
            <dt>Thư mục sao lưu</dt>
            <dd class="path">{info.backups}</dd>
          </dl>
        )}
        {backup && (
          <div class="failure-restore" id="failure-restore">
            <p>
              Bản sao lưu tốt gần nhất: <strong class="path">{backup}</strong>. Khôi phục sẽ thay cơ sở dữ liệu hỏng bằng bản sao lưu
              này; bản hỏng được giữ lại trong thư mục sao lưu. Những thay đổi sau thời điểm sao lưu sẽ không còn.
            </p>
            {restoreError && <p class="failure-message">{restoreError}</p>}
          </div>
        )}
        <p class="muted small">Mã lỗi (để gửi bộ phận hỗ trợ): {error.code}</p>
        <div class="failure-actions">
          {backup && (
            <button type="button" class="btn btn-primary" id="failure-restore-button" disabled={busy} onClick={restore}>
              {busy ? "Đang khôi phục…" : "Khôi phục từ bản sao lưu"}
            </button>
          )}
          <button type="button" class={backup ? "btn" : "btn btn-primary"} onClick={onRetry} disabled={busy}>
            Thử lại
          </button>
        </div>
      </div>
    </div>
  );
}
