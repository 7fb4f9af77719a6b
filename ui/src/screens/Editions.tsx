// «Bộ chỉ tiêu»: the catalogue editions held (years, source, number of
// indicators), each edition's indicators, and loading the year's new set
// from the agency's workbook or a TOML catalogue file: pick (its own native
// dialog «Chọn tệp bộ chỉ tiêu để nạp», Rust side), say what the
// file does not (id, title, source, first year), preview the difference from
// the edition it follows, then confirm. Nothing is stored before "confirm".

import { useEffect, useState } from "preact/hooks";

import type { EditionMeta, EditionPreview, EditionRow, EditionSummary, FieldChange, ItemBrief, PickedFile } from "../api";
import { BackendError } from "../api";
import { ErrorNotice, Notice, Spinner } from "../components/common";
import { useBackend } from "../context";
import "./editions.css";

type Step =
  | { kind: "idle" }
  | { kind: "busy"; label: string; file?: PickedFile }
  | { kind: "preview"; file: PickedFile; meta: EditionMeta; preview: EditionPreview }
  | { kind: "failed"; file?: PickedFile; meta: EditionMeta; error: BackendError };

const NO_META: EditionMeta = { id: null, title: null, source: null, first_year: null };

const ORIGIN_LABELS: Record<string, string> = {
  embedded: "Có sẵn trong chương trình",
  imported: "Đã nạp từ tệp",
  new: "Mới",
};

export function Editions() {
  const backend = useBackend();
  const [editions, setEditions] = useState<EditionSummary[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [rows, setRows] = useState<EditionRow[] | null>(null);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<BackendError | null>(null);

  const load = async () => {
    try {
      setEditions(await backend.editions());
    } catch (e) {
      setError(BackendError.from(e));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const show = async (id: string) => {
    setOpen(id);
    setRows(null);
    try {
      setRows(await backend.editionRows(id));
    } catch (e) {
      setError(BackendError.from(e));
    }
  };

  const previewOf = async (file: PickedFile, meta: EditionMeta) => {
    setStep({ kind: "busy", label: `Đang đọc tệp ${file.file_name}…`, file });
    try {
      setStep({ kind: "preview", file, meta, preview: await backend.previewEdition(file.token, meta) });
    } catch (e) {
      setStep({ kind: "failed", file, meta, error: BackendError.from(e) });
    }
  };

  const pick = async () => {
    if ((step.kind === "preview" || step.kind === "failed") && step.file) await backend.cancelImport(step.file.token).catch(() => {});
    setDone(null);
    setStep({ kind: "busy", label: "Đang chờ chọn tệp…" });
    try {
      const file = await backend.pickEditionFile();
      if (!file) return setStep({ kind: "idle" });
      await previewOf(file, NO_META);
    } catch (e) {
      setStep({ kind: "failed", meta: NO_META, error: BackendError.from(e) });
    }
  };

  const confirm = async (file: PickedFile, meta: EditionMeta, preview: EditionPreview) => {
    setStep({ kind: "busy", label: "Đang nạp bộ chỉ tiêu…", file });
    try {
      const e = await backend.confirmEdition(file.token, meta, preview.sha256);
      setStep({ kind: "idle" });
      setDone(`Đã nạp bộ chỉ tiêu ${e.id} (năm ${e.years}, ${e.items} chỉ tiêu). Báo cáo mới của các năm này sẽ dùng bộ chỉ tiêu mới.`);
      await load();
    } catch (e) {
      setStep({ kind: "failed", file, meta, error: BackendError.from(e) });
    }
  };

  const cancel = async (file?: PickedFile) => {
    if (file) await backend.cancelImport(file.token).catch(() => {});
    setStep({ kind: "idle" });
  };

  return (
    <div class="page editions" data-test="editions">
      <div class="page-head">
        <h1>Bộ chỉ tiêu</h1>
        <p class="muted">
          Mỗi báo cáo dùng một bộ chỉ tiêu: bộ mới nhất có kế hoạch cho năm của báo cáo. Khi cơ quan chủ quản ban hành bộ chỉ tiêu và biểu mẫu
          của năm mới, hãy nạp tệp biểu mẫu (.xlsx, .xls hoặc .ods) hoặc tệp bộ chỉ tiêu (.toml) ở đây; báo cáo đã có số liệu vẫn giữ bộ chỉ tiêu cũ cho tới khi bạn chuyển.
        </p>
      </div>
      {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
      {done && (
        <Notice kind="ok" onClose={() => setDone(null)}>
          <span id="edition-done">{done}</span>
        </Notice>
      )}
      {!editions && !error && <Spinner label="Đang đọc các bộ chỉ tiêu…" />}
      {editions && (
        <div class="table-scroll">
        <table class="data editions-table" id="editions-table">
          <thead>
            <tr>
              <th>Mã</th>
              <th>Tên</th>
              <th>Năm áp dụng</th>
              <th>Số chỉ tiêu</th>
              <th>Nguồn</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {editions.map((e) => (
              <tr key={e.id} data-edition={e.id} class={open === e.id ? "selected" : ""}>
                <td class="edition-id">{e.id}</td>
                <td>
                  {e.title}
                  <div class="muted">{ORIGIN_LABELS[e.origin] ?? e.origin}</div>
                </td>
                <td class="edition-years">{e.years}</td>
                <td class="num">{e.items}</td>
                <td class="muted">
                  <div class="edition-source" title={e.source}>
                    {e.source}
                  </div>
                </td>
                <td>
                  <button type="button" class="btn btn-ghost" data-show={e.id} onClick={() => show(e.id)}>
                    Xem chỉ tiêu
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}

      <section class="panel" data-test="edition-import">
        <div class="panel-intro">
          <h2>Nạp bộ chỉ tiêu mới</h2>
          <p>
            Chọn tệp biểu mẫu cơ quan chủ quản gửi (cột STT, Chỉ tiêu, Đơn vị tính, Kế hoạch năm …, Mục tiêu …; phần ghi chú và chữ ký dưới
            bảng được giữ làm ghi chú) hoặc tệp bộ chỉ tiêu dạng TOML. Chương trình kiểm tra tệp và
            cho bạn xem khác biệt so với bộ chỉ tiêu trước; chưa có gì được lưu cho tới khi bạn bấm «Xác nhận nạp».
          </p>
          <button type="button" id="edition-pick" class="btn btn-primary" onClick={pick} disabled={step.kind === "busy"}>
            {step.kind === "idle" ? "Chọn tệp…" : "Chọn tệp khác…"}
          </button>
        </div>
        {step.kind === "busy" && <Spinner label={step.label} />}
        {step.kind === "failed" && (
          <div class="import-failed" id="edition-failed">
            <ErrorNotice error={step.error} />
            {step.error.diagnostics.length > 1 && (
              <ul class="file-notes">
                {step.error.diagnostics.map((d, i) => (
                  <li key={i} data-cell={d.cell ?? ""}>
                    {d.sheet && d.cell ? `Trang «${d.sheet}», ô ${d.cell}: ` : ""}
                    {d.message}
                  </li>
                ))}
              </ul>
            )}
            {step.file && ["duplicate_edition", "edition_no_years", "bad_edition_id"].includes(step.error.code) && (
              <MetaForm meta={step.meta} onSubmit={(m) => step.file && previewOf(step.file, m)} />
            )}
          </div>
        )}
        {step.kind === "preview" && (
          <PreviewView
            preview={step.preview}
            meta={step.meta}
            onMeta={(m) => previewOf(step.file, m)}
            onConfirm={() => confirm(step.file, step.meta, step.preview)}
            onCancel={() => cancel(step.file)}
          />
        )}
      </section>

      {open && (
        <section class="panel" data-test="edition-rows">
          <h2>Các chỉ tiêu của bộ {open}</h2>
          {!rows && <Spinner label="Đang đọc…" />}
          {rows && <RowsTable rows={rows} years={editions?.find((e) => e.id === open)?.plan_years ?? []} target={editions?.find((e) => e.id === open)?.target_year} />}
        </section>
      )}
    </div>
  );
}

function RowsTable({ rows, years, target }: { rows: EditionRow[]; years: number[]; target?: number }) {
  return (
    <div class="table-scroll">
    <table class="data edition-rows" id="edition-rows">
      <thead>
        <tr>
          <th>STT</th>
          <th>Chỉ tiêu</th>
          <th>Đơn vị tính</th>
          {years.map((y) => (
            <th key={y}>Kế hoạch năm {y}</th>
          ))}
          <th>Mục tiêu {target}</th>
          <th>Đơn vị báo cáo</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code} data-code={r.code} class={r.kind === "group" || r.kind === "parent" ? "row-group" : ""}>
            <td>{r.code}</td>
            <td style={{ paddingLeft: `${0.5 + r.depth}em` }}>{r.name}</td>
            <td>{r.unit}</td>
            {r.plans.map((p, i) => (
              <td key={i}>{p}</td>
            ))}
            <td>{r.target}</td>
            <td class="muted">{r.applies_to}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** What the file may not say: the edition's id, title, source, first year. */
function MetaForm({ meta, onSubmit }: { meta: EditionMeta; onSubmit: (m: EditionMeta) => void }) {
  const [m, setM] = useState<EditionMeta>(meta);
  const text = (v: string) => (v.trim() === "" ? null : v);
  return (
    <form
      class="edition-meta"
      id="edition-meta"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(m);
      }}
    >
      <label>
        Mã bộ chỉ tiêu
        <input id="edition-meta-id" value={m.id ?? ""} placeholder="ví dụ kh-2026" onInput={(e) => setM({ ...m, id: text(e.currentTarget.value) })} />
      </label>
      <label>
        Tên
        <input id="edition-meta-title" value={m.title ?? ""} onInput={(e) => setM({ ...m, title: text(e.currentTarget.value) })} />
      </label>
      <label>
        Văn bản ban hành
        <input id="edition-meta-source" value={m.source ?? ""} onInput={(e) => setM({ ...m, source: text(e.currentTarget.value) })} />
      </label>
      <label>
        Áp dụng từ năm
        <input
          id="edition-meta-year"
          inputMode="numeric"
          value={m.first_year ?? ""}
          onInput={(e) => {
            const n = Number.parseInt(e.currentTarget.value, 10);
            setM({ ...m, first_year: Number.isFinite(n) ? n : null });
          }}
        />
      </label>
      <button type="submit" class="btn" id="edition-meta-apply">
        Xem trước lại
      </button>
    </form>
  );
}

/** One part of the difference: a folded list, open when short. */
function DiffPart<T extends { code: string }>({ title, items, id, line }: { title: string; items: T[]; id: string; line: (t: T) => string }) {
  if (items.length === 0) return null;
  return (
    <details class="diff-part" id={id} open={items.length <= 10}>
      <summary>
        {title} ({items.length})
      </summary>
      <ul>
        {items.map((t, i) => (
          <li key={i} data-code={t.code}>
            <strong>{t.code}</strong> {line(t)}
          </li>
        ))}
      </ul>
    </details>
  );
}

const brief = (i: ItemBrief) => i.name;
const change = (c: FieldChange) => `${c.what}: ${c.old || "—"} → ${c.new || "—"}`;

function PreviewView({
  preview,
  meta,
  onMeta,
  onConfirm,
  onCancel,
}: {
  preview: EditionPreview;
  meta: EditionMeta;
  onMeta: (m: EditionMeta) => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const e = preview.edition;
  const d = preview.diff;
  return (
    <div class="preview" data-test="edition-preview" id="edition-preview">
      <div class="preview-summary">
        <div>
          <div class="preview-file">{preview.file_name}</div>
          <div>
            <strong id="edition-preview-id" class="edition-id">{e.id}</strong> — {e.title}
          </div>
          <div class="muted">
            Năm <span id="edition-preview-years">{e.years}</span> · {e.items} chỉ tiêu · {e.source}
          </div>
        </div>
      </div>
      {preview.notes.length > 0 && (
        <ul class="file-notes" id="edition-notes">
          {preview.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {preview.footnotes.length > 0 && (
        <div class="edition-footnotes" id="edition-footnotes">
          <h3>Ghi chú, chú thích của bộ chỉ tiêu</h3>
          <ul>
            {preview.footnotes.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      <h3>{d.base_id ? `Khác biệt so với bộ chỉ tiêu ${d.base_id} (${d.base_years ?? ""})` : "Chưa có bộ chỉ tiêu nào trước bộ này"}</h3>
      <DiffPart title="Chỉ tiêu mới" items={d.added} id="diff-added" line={brief} />
      <DiffPart title="Chỉ tiêu không còn" items={d.removed} id="diff-removed" line={brief} />
      <DiffPart title="Đổi tên" items={d.renamed} id="diff-renamed" line={change} />
      <DiffPart title="Đổi đơn vị tính" items={d.units} id="diff-units" line={change} />
      <DiffPart title="Kế hoạch" items={d.plans} id="diff-plans" line={change} />
      <DiffPart title="Mục tiêu" items={d.targets} id="diff-targets" line={change} />
      <DiffPart title="Đơn vị báo cáo" items={d.applicability} id="diff-applicability" line={change} />
      <details class="diff-part">
        <summary>Sửa mã, tên, nguồn hoặc năm áp dụng</summary>
        <MetaForm meta={meta} onSubmit={onMeta} />
      </details>
      <div class="actions sticky-actions">
        <button type="button" class="btn btn-primary" id="edition-confirm" onClick={onConfirm}>
          Xác nhận nạp
        </button>
        <button type="button" class="btn" id="edition-cancel" onClick={onCancel}>
          Hủy
        </button>
      </div>
    </div>
  );
}
