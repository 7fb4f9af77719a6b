// "Đã gửi bằng cách khác": a report sent by post or e-mail rather than as the
// exported file. The mark is kept by the core with its history (each mark,
// and each taking back, is a row); a past period exported or marked is not
// shown as overdue.

import { useEffect, useState } from "preact/hooks";

import type { PeriodSummary, ReportView, SentMark } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { localDateTime } from "../format";
import { ErrorNotice } from "./common";

/** Marking (or taking back) "sent another way": one core call, its note, busy and error. */
function useSentMark(unit: string, period: string, onMarked: (marks: SentMark[]) => void) {
  const backend = useBackend();
  const [note, setNote] = useState("");
  const [error, setError] = useState<BackendError | null>(null);
  const [busy, setBusy] = useState(false);
  const mark = async (value: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const marks = await backend.markSent(unit, period, value, value ? note : "");
      setNote("");
      onMarked(marks);
    } catch (e) {
      setError(BackendError.from(e));
    } finally {
      setBusy(false);
    }
  };
  return { note, setNote, error, setError, busy, mark };
}

export function SentPanel({ view, onChanged }: { view: ReportView; onChanged: () => void }) {
  const backend = useBackend();
  const [marks, setMarks] = useState<SentMark[]>([]);
  const { note, setNote, error, setError, busy, mark } = useSentMark(view.unit_code, view.period, (m) => {
    setMarks(m);
    onChanged();
  });

  useEffect(() => {
    backend.sentMarks(view.unit_code, view.period).then(setMarks, (e) => setError(BackendError.from(e)));
  }, [view.unit_code, view.period]);

  const sent = marks.at(-1)?.sent ?? false;

  return (
    <div class="panel sent-panel" data-test="sent-panel">
      <h2>Đã gửi bằng cách khác</h2>
      <p class="muted">
        Nếu báo cáo kỳ này đã được gửi không qua tệp xuất từ chương trình (công văn giấy, thư điện tử…), hãy đánh dấu ở đây: kỳ sẽ không
        còn hiện là quá hạn. Mỗi lần đánh dấu hay bỏ đánh dấu đều được ghi lại.
      </p>
      {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
      {sent ? (
        <div class="actions-inline">
          <span class="badge state-exported" data-test="sent-otherwise">Đã gửi bằng cách khác</span>
          <button type="button" class="btn" id="sent-undo" disabled={busy} onClick={() => mark(false)}>
            Bỏ đánh dấu
          </button>
        </div>
      ) : (
        <div class="actions-inline">
          <input
            id="sent-note"
            class="sent-note"
            value={note}
            placeholder="Ghi chú (không bắt buộc), ví dụ: công văn số 123/STTTT ngày 05/07"
            onInput={(e) => setNote((e.target as HTMLInputElement).value)}
          />
          <button type="button" class="btn" id="sent-mark" disabled={busy} onClick={() => mark(true)}>
            Đánh dấu đã gửi bằng cách khác
          </button>
        </div>
      )}
      {marks.length > 0 && (
        <ul class="sent-marks muted small">
          {[...marks].reverse().map((m, i) => (
            <li key={i}>
              {localDateTime(m.at)}: {m.sent ? "đánh dấu đã gửi bằng cách khác" : "bỏ đánh dấu"}
              {m.note && <> — {m.note}</>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The same mark from a period card on the periods screen (same core call,
 * same history): "Đã gửi bằng cách khác…" opens a note and a confirm;
 * a marked period offers to take the mark back.
 */
export function SentOnCard({ unit, period, onChanged }: { unit: string; period: PeriodSummary; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const { note, setNote, error, setError, busy, mark } = useSentMark(unit, period.period, () => {
    setOpen(false);
    onChanged();
  });

  return (
    <div class="period-actions" data-test="card-sent">
      {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
      {period.sent_otherwise ? (
        <button type="button" class="btn-link card-sent-undo" disabled={busy} onClick={() => mark(false)}>
          Bỏ đánh dấu «đã gửi bằng cách khác»
        </button>
      ) : open ? (
        <div class="actions-inline">
          <input
            class="sent-note card-sent-note"
            value={note}
            aria-label={`Ghi chú cho ${period.label}`}
            placeholder="Ghi chú (không bắt buộc), ví dụ: công văn số 123/STTTT ngày 05/07"
            onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            autoFocus
          />
          <button type="button" class="btn card-sent-mark" disabled={busy} onClick={() => mark(true)}>
            Đánh dấu đã gửi
          </button>
          <button type="button" class="btn-link" disabled={busy} onClick={() => setOpen(false)}>
            Hủy
          </button>
        </div>
      ) : (
        <button type="button" class="btn-link card-sent-open" onClick={() => setOpen(true)} title="Báo cáo kỳ này đã được gửi bằng công văn giấy, thư điện tử…">
          Đã gửi bằng cách khác…
        </button>
      )}
    </div>
  );
}
