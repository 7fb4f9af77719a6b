// The app's menu: a copy of the data to a file of the person's choosing (a
// USB stick), the way back from such a copy, and the guide (F1). Files are
// chosen in native dialogs opened by the shell; the webview never sees a path
// it could name.

import { useEffect, useRef, useState } from "preact/hooks";

import type { BackupDone, RestoreDone } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";

export type MenuResult =
  | { kind: "backup"; done: BackupDone }
  | { kind: "restored"; done: RestoreDone }
  | { kind: "failed"; error: BackendError };

export function AppMenu({
  onResult,
  onHelp,
  onRestored,
  onSign,
}: {
  onResult: (r: MenuResult) => void;
  onHelp: () => void;
  onRestored: (done: RestoreDone) => void;
  onSign: () => void;
}) {
  const backend = useBackend();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  // A click elsewhere closes the menu.
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  const backup = async () => {
    setOpen(false);
    setBusy(true);
    try {
      const done = await backend.backupToFile();
      if (done) onResult({ kind: "backup", done });
    } catch (e) {
      onResult({ kind: "failed", error: BackendError.from(e) });
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      const done = await backend.restoreFromFile();
      if (done) onRestored(done);
    } catch (e) {
      onResult({ kind: "failed", error: BackendError.from(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="app-menu" ref={ref}>
      <button
        type="button"
        id="app-menu"
        class="btn btn-ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
      >
        {busy ? "Đang xử lý…" : "Sao lưu, trợ giúp ▾"}
      </button>
      {open && (
        <div class="menu" role="menu" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
          <button type="button" role="menuitem" id="menu-backup" onClick={backup}>
            Sao lưu dữ liệu ra tệp…
            <span class="muted small">Chép toàn bộ số liệu ra một tệp, ví dụ trên USB</span>
          </button>
          <button
            type="button"
            role="menuitem"
            id="menu-restore"
            onClick={() => {
              setOpen(false);
              setConfirming(true);
            }}
          >
            Khôi phục từ bản sao lưu…
            <span class="muted small">Thay số liệu hiện có bằng một bản đã sao lưu</span>
          </button>
          <button
            type="button"
            role="menuitem"
            id="menu-sign"
            onClick={() => {
              setOpen(false);
              onSign();
            }}
          >
            Ký số tệp PDF…
            <span class="muted small">Ký tệp PDF của báo cáo bằng token chứng thư số</span>
          </button>
          <button
            type="button"
            role="menuitem"
            id="menu-help"
            onClick={() => {
              setOpen(false);
              onHelp();
            }}
          >
            <span>
              Hướng dẫn sử dụng <kbd>F1</kbd>
            </span>
          </button>
        </div>
      )}
      {confirming && (
        <div class="modal-backdrop" role="presentation">
          <div class="modal" role="dialog" aria-modal="true" aria-labelledby="restore-title" data-test="restore-confirm">
            <h2 id="restore-title">Khôi phục từ bản sao lưu</h2>
            <p>
              Toàn bộ số liệu đang có trên máy sẽ được thay bằng số liệu trong bản sao lưu bạn chọn. Số liệu hiện tại không bị mất: chương
              trình giữ lại một bản trong thư mục sao lưu trước khi khôi phục.
            </p>
            <div class="actions">
              <button type="button" class="btn" onClick={() => setConfirming(false)}>
                Hủy
              </button>
              <button type="button" class="btn btn-primary" id="restore-pick" onClick={restore}>
                Chọn bản sao lưu…
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
