// Drafts the person decides on: the "Đánh giá xu hướng" and "So sánh quốc
// tế" the core drafted for every empty cell, to accept as shown, edit then
// save, or leave; and the six-month / year review, stored with the report.
// A draft never replaces text already in a cell.

import { useEffect, useState } from "preact/hooks";

import type { Field, ReportDrafts, ReportView, ReviewChange, RowView, StoredReview } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { localDateTime } from "../format";
import { ErrorNotice, Notice, Spinner } from "./common";
import { originText } from "./HistoryPanel";

type Suggestion = { row: RowView; field: Field; draft: string };

/** The empty cells a draft is offered for. */
export function suggestions(view: ReportView, drafts: ReportDrafts): Suggestion[] {
  const out: Suggestion[] = [];
  for (const d of drafts.drafts) {
    const row = view.rows.find((r) => r.code === d.indicator);
    if (!row) continue;
    const f = row.figure;
    if (d.trend !== null && (!f || f.trend.trim() === "")) out.push({ row, field: "trend", draft: d.trend });
    if (d.international && (!f || f.comparison.trim() === "")) out.push({ row, field: "comparison", draft: d.international });
  }
  return out;
}

/** The empty trend cells the core drafts nothing for, and why (said here, never in the cell). */
export function withoutDraft(view: ReportView, drafts: ReportDrafts): { row: RowView; why: string }[] {
  const out: { row: RowView; why: string }[] = [];
  for (const d of drafts.drafts) {
    const row = view.rows.find((r) => r.code === d.indicator);
    if (!row || d.trend !== null || !d.no_trend) continue;
    if (!row.figure || row.figure.trend.trim() === "") out.push({ row, why: d.no_trend });
  }
  return out;
}

export const FIELD_LABEL: Partial<Record<Field, string>> = { trend: "Đánh giá xu hướng", comparison: "So sánh quốc tế" };

export function DraftPanel({ view, onChanged }: { view: ReportView; onChanged: () => Promise<unknown> }) {
  const backend = useBackend();
  const [drafts, setDrafts] = useState<ReportDrafts | null>(null);
  const [review, setReview] = useState<StoredReview | null>(null);
  const [versions, setVersions] = useState<ReviewChange[]>([]);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [reviewText, setReviewText] = useState<string | null>(null);
  const [error, setError] = useState<BackendError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const [d, r, h] = await Promise.all([
        backend.drafts(view.unit_code, view.period),
        backend.review(view.unit_code, view.period),
        backend.reviewHistory(view.unit_code, view.period),
      ]);
      setDrafts(d);
      setReview(r);
      setVersions(h);
      setReviewText(r && r.text.trim() !== "" ? r.text : d.review);
      setTexts({});
      setError(null);
    } catch (e) {
      setError(BackendError.from(e));
    }
  };

  useEffect(() => {
    load();
  }, [view.unit_code, view.period]);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    try {
      const message = await what();
      await onChanged();
      await load();
      setNotice(message);
    } catch (e) {
      setError(BackendError.from(e));
    } finally {
      setBusy(false);
    }
  };

  if (error && !drafts) return <ErrorNotice error={error} />;
  if (!drafts) return <Spinner label="Đang lập bản nháp…" />;
  const list = suggestions(view, drafts);
  const none = withoutDraft(view, drafts);
  const key = (s: Suggestion) => `${s.row.code}/${s.field}`;

  const accept = (s: Suggestion) =>
    run(async () => {
      const text = texts[key(s)] ?? s.draft;
      if (text === s.draft) {
        await backend.acceptDraft(view.unit_code, view.period, s.row.code, s.field, text);
        return `Đã nhận bản nháp «${FIELD_LABEL[s.field]}» của chỉ tiêu ${s.row.code}.`;
      }
      // Edited before saving: the person's own text, an ordinary change.
      await backend.applyEdits(view.unit_code, view.period, [{ indicator: s.row.code, field: s.field, text }]);
      return `Đã lưu «${FIELD_LABEL[s.field]}» đã sửa của chỉ tiêu ${s.row.code}.`;
    });

  const acceptAll = () =>
    run(async () => {
      const a = await backend.applyDrafts(view.unit_code, view.period);
      return `Đã điền bản nháp vào ${a.trend.length} ô «Đánh giá xu hướng», ${a.international.length} ô «So sánh quốc tế»${a.review ? " và phần đánh giá" : ""}.`;
    });

  const saveReview = () =>
    run(async () => {
      const text = reviewText ?? "";
      const fromDraft = (!review || review.text.trim() === "") && text === drafts.review;
      await backend.saveReview(view.unit_code, view.period, text, fromDraft);
      return "Đã lưu phần đánh giá.";
    });

  return (
    <div class="panel draft-panel" data-test="drafts">
      <div class="panel-head">
        <h2>Bản nháp đánh giá</h2>
        {list.length > 0 && (
          <button type="button" class="primary" data-test="accept-all" disabled={busy} onClick={acceptAll}>
            Nhận tất cả bản nháp vào các ô còn trống
          </button>
        )}
      </div>
      <p class="muted small">
        Bản nháp được lập từ số liệu các kỳ trước của đơn vị, kế hoạch năm và mục tiêu 2025. Bản nháp chỉ điền vào ô còn trống, không bao giờ ghi đè nội
        dung đã nhập; có thể sửa trước khi lưu.
      </p>
      {notice && (
        <Notice kind="ok" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
      {list.length === 0 && <p data-test="no-drafts">Không có ô trống nào cần bản nháp (ô chưa có số liệu thì không có bản nháp).</p>}
      {none.length > 0 && (
        <div class="draft-none" data-test="without-draft">
          <h3>Chỉ tiêu không có bản nháp «Đánh giá xu hướng»</h3>
          <ul>
            {none.map((n) => (
              <li key={n.row.code} data-test={`no-draft-${n.row.code}`}>
                <strong>{n.row.code}</strong> {n.row.name}: <span class="muted">{n.why}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {list.map((s) => (
        <div class="draft" key={key(s)} data-test={`draft-${s.row.code}-${s.field}`}>
          <div class="draft-head">
            <strong>{s.row.code}</strong> {s.row.name} — <span class="muted">{FIELD_LABEL[s.field]}</span>
          </div>
          <textarea
            rows={4}
            value={texts[key(s)] ?? s.draft}
            onInput={(e) => setTexts({ ...texts, [key(s)]: (e.target as HTMLTextAreaElement).value })}
            aria-label={`${FIELD_LABEL[s.field]} chỉ tiêu ${s.row.code}`}
          />
          <button type="button" data-test={`accept-${s.row.code}-${s.field}`} disabled={busy} onClick={() => accept(s)}>
            {(texts[key(s)] ?? s.draft) === s.draft ? "Nhận bản nháp" : "Lưu nội dung đã sửa"}
          </button>
        </div>
      ))}
      {drafts.review !== null && (
        <div class="draft review" data-test="review">
          <h3>{view.period.endsWith("Q2") ? "Đánh giá 6 tháng" : "Đánh giá năm"}</h3>
          <p class="muted small">
            {review && review.text.trim() !== "" ? "Nội dung đã lưu (bản nháp không ghi đè)." : "Bản nháp, chưa lưu."} Được ghi vào tệp xuất thành một trang riêng.
          </p>
          <textarea rows={14} value={reviewText ?? ""} onInput={(e) => setReviewText((e.target as HTMLTextAreaElement).value)} aria-label="Phần đánh giá" />
          <button type="button" data-test="save-review" disabled={busy} onClick={saveReview}>
            Lưu phần đánh giá
          </button>
          <ReviewVersions versions={versions} />
        </div>
      )}
    </div>
  );
}

/** How many versions of the review are listed (newest first). */
const VERSIONS_SHOWN = 8;

/** The saved versions of the review: when (local time), from where, how long. */
function ReviewVersions({ versions }: { versions: ReviewChange[] }) {
  if (versions.length === 0) return null;
  const newest = versions.slice().reverse().slice(0, VERSIONS_SHOWN);
  const older = versions.length - newest.length;
  return (
    <div class="review-versions" data-test="review-history">
      <h4>Các lần lưu phần đánh giá</h4>
      <ul style={{ listStyle: "none", paddingLeft: 0 }}>
        {newest.map((v) => (
          <li key={v.revision} data-origin={v.origin.kind}>
            <strong>Lần {v.revision}</strong> — {localDateTime(v.at)} — {originText(v.origin, null)}{" "}
            <span class="muted">({v.new.trim() === "" ? "để trống" : `${v.new.length} ký tự`})</span>
          </li>
        ))}
      </ul>
      {older > 0 && <p class="muted small">và {older} lần lưu cũ hơn.</p>}
    </div>
  );
}
