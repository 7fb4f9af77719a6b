// The receiving agency: pick the folder of the units' files, read them
// (a progress bar, cancelable), then who sent on time, late or not at all,
// the statistics per indicator, a unit's file and what is wrong in it, and
// the consolidated workbook. Everything shown is what the core decided.

import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import type { AgencyProgress, AgencySaved, AgencyUnit, AgencyView, PeriodSummary, PickedFile, UnitStatus } from "../api";
import { BackendError } from "../api";
import { ErrorNotice, Notice } from "../components/common";
import { IndicatorStats } from "../components/agency/IndicatorStats";
import { StatusBadge } from "../components/agency/StatusBadge";
import { UnitDetail } from "../components/agency/UnitDetail";
import { useBackend } from "../context";
import { fold, localDateTime, periodLabel } from "../format";
import { UNIT_STATUS_LABELS } from "../labels";
import "./agency.css";

type Tab = "units" | "stats" | "files";
type Filter = "all" | UnitStatus;

const QUARTERS = ["I", "II", "III", "IV"];

/** The latest period whose quarter has ended by `today` (YYYY-MM-DD): shown until the core's deadlines are known. */
export function lastEndedPeriod(today: string): string {
  const [y, m] = today.split("-").map(Number);
  const q = Math.floor((m - 1) / 3); // quarters ended this year
  return q === 0 ? `${y - 1}-Q4` : `${y}-Q${q}`;
}

/** The period most recently due (deadline reached by today), from the core's periods; null if none. */
export function mostRecentlyDue(periods: PeriodSummary[]): string | null {
  // The deadline nearest before today: the largest days_left not above zero.
  const due = periods.filter((p) => p.days_left <= 0).sort((a, b) => b.days_left - a.days_left);
  return due[0]?.period ?? null;
}

function periodChoices(year: number): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (const y of [year, year - 1]) {
    for (let q = 4; q >= 1; q--) out.push({ value: `${y}-Q${q}`, label: `Quý ${QUARTERS[q - 1]} năm ${y}` });
    out.push({ value: `${y}`, label: `Cả năm ${y}` });
  }
  return out;
}

export function Agency({ today, onSwitchToUnit }: { today: string; onSwitchToUnit: () => void }) {
  const backend = useBackend();
  const [period, setPeriod] = useState(() => lastEndedPeriod(today));
  const [folder, setFolder] = useState<PickedFile | null>(null);
  const [progress, setProgress] = useState<AgencyProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [view, setView] = useState<AgencyView | null>(null);
  const [error, setError] = useState<BackendError | null>(null);
  const [stopped, setStopped] = useState(false);
  const [tab, setTab] = useState<Tab>("units");
  const [filter, setFilter] = useState<Filter>("all");
  const [text, setText] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [saved, setSaved] = useState<AgencySaved | null>(null);
  const [exporting, setExporting] = useState(false);
  const run = useRef(0);
  const chosen = useRef(false);

  // The period offered first: the one most recently due (the core's deadlines).
  useEffect(() => {
    const year = Number(today.slice(0, 4));
    Promise.all([backend.periods(null, year), backend.periods(null, year - 1)])
      .then(([a, b]) => {
        const due = mostRecentlyDue([...a, ...b]);
        if (due && !chosen.current) setPeriod(due);
      })
      .catch(() => {});
  }, [today]);

  const consolidate = async (picked: PickedFile, p: string) => {
    const mine = ++run.current;
    setRunning(true);
    setError(null);
    setStopped(false);
    setSaved(null);
    setProgress({ done: 0, all: 0 });
    try {
      const v = await backend.consolidateFolder(picked.token, p, (pr) => mine === run.current && setProgress(pr));
      if (mine !== run.current) return;
      setView(v);
      setOpen(null);
    } catch (e) {
      const err = BackendError.from(e);
      if (err.code === "cancelled") setStopped(true);
      else setError(err);
    } finally {
      if (mine === run.current) {
        setRunning(false);
        setProgress(null);
      }
    }
  };

  const pick = async () => {
    setError(null);
    try {
      const picked = await backend.pickAgencyFolder();
      if (!picked) return;
      chosen.current = true;
      setFolder(picked);
      await consolidate(picked, period);
    } catch (e) {
      setError(BackendError.from(e));
    }
  };

  const exportWorkbook = async () => {
    setExporting(true);
    setError(null);
    try {
      const done = await backend.exportConsolidation();
      if (done) setSaved(done);
    } catch (e) {
      setError(BackendError.from(e));
    } finally {
      setExporting(false);
    }
  };

  const units = useMemo(() => {
    if (!view) return [];
    // What is typed, diacritics and case ignored, from the start of a word
    // of the name, the code or the file name ("ha tinh": Hà Tĩnh, not Hà Giang).
    const words = (t: string) => fold(t).split(/[^a-z0-9]+/).filter(Boolean).join(" ");
    const query = words(text);
    return view.units.filter(
      (u) => (filter === "all" || u.status === filter) && (!query || ` ${words(`${u.name} ${u.code} ${u.file_name ?? ""}`)}`.includes(` ${query}`)),
    );
  }, [view, filter, text]);
  // A unit filtered out of the table is closed with it.
  const openUnit = units.find((u) => u.code === open) ?? null;
  const unusable = view ? view.rejected.length + view.other_period.length : 0;

  return (
    <div class="page agency">
      <div class="page-head">
        <div>
          <h1>Tổng hợp báo cáo của các đơn vị</h1>
          <p class="muted">Cơ quan nhận báo cáo · đọc các tệp Phụ lục 01 các đơn vị gửi, xem ai đã nộp, nộp muộn hay chưa nộp</p>
        </div>
        <button type="button" class="btn btn-ghost" onClick={onSwitchToUnit} id="agency-to-unit">
          Chuyển sang đơn vị báo cáo
        </button>
      </div>

      <div class="agency-bar">
        <label class="agency-field">
          <span>Kỳ báo cáo</span>
          <select
            id="agency-period"
            value={period}
            disabled={running}
            onChange={(e) => {
              const p = (e.target as HTMLSelectElement).value;
              chosen.current = true;
              setPeriod(p);
              if (folder) consolidate(folder, p);
            }}
          >
            {periodChoices(Number(today.slice(0, 4))).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn btn-primary" onClick={pick} disabled={running} id="agency-pick">
          {folder ? "Chọn thư mục khác…" : "Chọn thư mục các tệp báo cáo…"}
        </button>
        {folder && (
          <button type="button" class="btn" onClick={() => consolidate(folder, period)} disabled={running} id="agency-rerun">
            Đọc lại thư mục
          </button>
        )}
        {folder && (
          <span class="path" title={folder.file_name} data-test="agency-folder">
            {folder.file_name}
          </span>
        )}
      </div>

      {running && progress && (
        <div class="agency-progress" role="status" data-test="agency-progress">
          <progress max={Math.max(progress.all, 1)} value={progress.done} />
          <span>{progress.all > 0 ? `Đang đọc tệp ${progress.done}/${progress.all}…` : "Đang tìm các tệp bảng tính trong thư mục…"}</span>
          <button type="button" class="btn btn-small" onClick={() => backend.cancelConsolidation()} id="agency-cancel">
            Dừng
          </button>
        </div>
      )}
      {stopped && (
        <Notice kind="info" onClose={() => setStopped(false)}>
          Đã dừng đọc tệp; chưa ghi gì. {view ? "Bảng dưới đây là kết quả của lần tổng hợp trước." : ""}
        </Notice>
      )}
      {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
      {saved && (
        <Notice kind="ok" onClose={() => setSaved(null)}>
          <span data-test="agency-saved">
            Đã ghi bảng tổng hợp <strong>{saved.file_name}</strong> vào thư mục {saved.folder}.
          </span>{" "}
          <button type="button" class="btn-link" onClick={() => backend.revealExport(saved.token).catch((e) => setError(BackendError.from(e)))}>
            Mở thư mục
          </button>
        </Notice>
      )}

      {!view && !running && (
        <div class="agency-empty">
          <p>
            Chọn kỳ báo cáo, rồi chọn thư mục chứa các tệp Phụ lục 01 các đơn vị đã gửi (qua thư điện tử, USB…). Chương trình đọc mọi tệp
            .xlsx, .xlsm, .xls, .ods trong thư mục và các thư mục con; không sửa tệp nào.
          </p>
        </div>
      )}

      {view && view.warnings.length > 0 && (
        <div class="notice notice-warning" data-test="agency-warnings">
          {view.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}

      {view && (
        <>
          <div class="agency-counts" data-test="agency-counts">
            <Count label="Phải nộp" value={view.expected} />
            <Count label="Đã nộp" value={view.received} />
            <Count label="Đúng hạn" value={view.on_time} kind="ok" onClick={() => pickFilter("on_time")} />
            <Count label="Nộp muộn" value={view.late} kind="warning" onClick={() => pickFilter("late")} />
            <Count label="Chưa nộp" value={view.missing} kind="error" onClick={() => pickFilter("missing")} />
            <Count label="Không thuộc danh sách" value={view.unexpected} onClick={() => pickFilter("unexpected")} />
            <div class="agency-deadline muted">
              {view.period_label} · hạn nộp {view.deadline}
              {view.expected > 0 && <> · tỷ lệ nộp {Math.round((view.received / view.expected) * 100)}%</>}
            </div>
            <span class="agency-spacer" />
            <button type="button" class="btn btn-primary agency-export" onClick={exportWorkbook} disabled={exporting || running} id="agency-export">
              Xuất bảng tổng hợp Excel…
            </button>
          </div>

          <div class="tabs" role="tablist">
            <TabButton id="units" tab={tab} onTab={setTab}>
              Tình hình nộp <span class="tab-count count-muted">{view.units.length}</span>
            </TabButton>
            <TabButton id="stats" tab={tab} onTab={setTab}>
              Thống kê chỉ tiêu <span class="tab-count count-muted">{view.indicators.filter((i) => i.count > 0).length}</span>
            </TabButton>
            <TabButton id="files" tab={tab} onTab={setTab}>
              Tệp không dùng được {unusable > 0 && <span class="tab-count">{unusable}</span>}
            </TabButton>
          </div>

          {tab === "units" && (
            <div class="agency-units">
              <div class="agency-table-wrap">
                <div class="agency-filters">
                  <label class="agency-field">
                    <span>Tình trạng</span>
                    <select id="agency-filter-status" value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value as Filter)}>
                      <option value="all">Tất cả</option>
                      {(Object.keys(UNIT_STATUS_LABELS) as UnitStatus[]).map((s) => (
                        <option key={s} value={s}>
                          {UNIT_STATUS_LABELS[s]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label class="agency-field">
                    <span>Tìm đơn vị</span>
                    <input
                      id="agency-filter-text"
                      type="search"
                      value={text}
                      placeholder="Tên, mã đơn vị hoặc tên tệp"
                      onInput={(e) => setText((e.target as HTMLInputElement).value)}
                    />
                  </label>
                  <span class="muted" data-test="agency-shown">
                    {units.length}/{view.units.length} đơn vị
                  </span>
                </div>
                <table class="agency-table" data-test="agency-units">
                  <thead>
                    <tr>
                      <th>Đơn vị</th>
                      <th>Tình trạng</th>
                      <th>Tệp</th>
                      <th>Nhận lúc</th>
                      <th>Ký số</th>
                      <th class="num">Số liệu</th>
                      <th class="num">Lỗi</th>
                    </tr>
                  </thead>
                  <tbody>
                    {units.map((u) => (
                      <UnitRow key={u.code} u={u} active={u.code === open} onOpen={() => setOpen(u.code === open ? null : u.code)} />
                    ))}
                    {units.length === 0 && (
                      <tr>
                        <td colSpan={7} class="muted">
                          Không có đơn vị nào khớp bộ lọc.
                        </td>
                      </tr>
                    )}
                  </tbody>
                </table>
              </div>
              {openUnit && (
                <UnitDetail
                  unit={openUnit}
                  view={view}
                  onClose={() => setOpen(null)}
                  onReveal={() => backend.revealUnitFile(openUnit.code).catch((e) => setError(BackendError.from(e)))}
                  onCorrect={async (at, reason) => {
                    const v = await backend.correctReceived(openUnit.code, at, reason);
                    setView(v);
                  }}
                />
              )}
            </div>
          )}
          {tab === "stats" && <IndicatorStats view={view} />}
          {tab === "files" && <UnusableFiles view={view} />}
        </>
      )}
    </div>
  );

  function pickFilter(f: Filter) {
    setTab("units");
    setFilter((cur) => (cur === f ? "all" : f));
  }
}

function Count({ label, value, kind, onClick }: { label: string; value: number; kind?: "ok" | "warning" | "error"; onClick?: () => void }) {
  return (
    <button type="button" class={`agency-count ${kind ? `count-${kind}` : ""}`} onClick={onClick} disabled={!onClick}>
      <span class="count-value">{value}</span>
      <span class="count-label">{label}</span>
    </button>
  );
}

function TabButton({ id, tab, onTab, children }: { id: Tab; tab: Tab; onTab: (t: Tab) => void; children: ComponentChildren }) {
  return (
    <button type="button" role="tab" aria-selected={tab === id} class={`tab ${tab === id ? "active" : ""}`} onClick={() => onTab(id)} data-tab={id}>
      {children}
    </button>
  );
}

function UnitRow({ u, active, onOpen }: { u: AgencyUnit; active: boolean; onOpen: () => void }) {
  return (
    <tr class={`agency-row ${active ? "active" : ""}`} data-code={u.code} data-status={u.status} onClick={onOpen} tabIndex={0} onKeyDown={(e) => e.key === "Enter" && onOpen()}>
      <td>
        <div>{u.name}</div>
        <div class="muted small">{u.code}</div>
      </td>
      <td>
        <StatusBadge status={u.status} />
      </td>
      <td class="file-cell">{u.file_name ?? <span class="muted">—</span>}</td>
      <td class="nowrap">
        {u.received_at ? localDateTime(u.received_at) : ""}
        {u.received_from === "manual" && (
          <span class="tag" title={u.received_reason ?? ""}>
            sửa tay
          </span>
        )}
      </td>
      <SigningCell u={u} />
      <td class="num">{u.file_name ? u.figures : ""}</td>
      <td class={`num ${u.errors > 0 ? "has-errors" : ""}`}>{u.file_name ? u.errors : ""}</td>
    </tr>
  );
}

/** The «Ký số» column: the core's words; who signed and which PDF on hover.
 * Empty for a unit that sent nothing (its status already says so). */
function SigningCell({ u }: { u: AgencyUnit }) {
  if (!u.file_name && !u.signature) return <td class="signing" data-signing="none" />;
  const s = u.signature;
  const kind = u.signing === "matches" ? "signing-ok" : u.signing === "unsigned" ? "muted" : "has-errors";
  return (
    <td class={`signing ${kind}`} data-signing={u.signing} title={s ? `${s.file_name} — người ký: ${s.signer}` : undefined}>
      {u.signing_label}
    </td>
  );
}

function UnusableFiles({ view }: { view: AgencyView }) {
  const name = (path: string) => path.split(/[\\/]/).pop() ?? path;
  if (view.rejected.length + view.other_period.length === 0 && view.ignored_files === 0)
    return <p class="muted agency-none">Mọi tệp bảng tính trong thư mục đều đọc được và đúng kỳ báo cáo.</p>;
  return (
    <div class="agency-files" data-test="agency-unusable">
      {view.rejected.length > 0 && (
        <>
          <h3>Tệp không đọc được ({view.rejected.length})</h3>
          <ul>
            {view.rejected.map((r) => (
              <li key={r.file}>
                <strong>{name(r.file)}</strong>: {r.message}
                {r.detail && (
                  <details class="library-detail">
                    <summary>Chi tiết kỹ thuật</summary>
                    <code>{r.detail}</code>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.other_period.length > 0 && (
        <>
          <h3>Tệp của kỳ khác, không đưa vào tổng hợp ({view.other_period.length})</h3>
          <ul>
            {view.other_period.map((o) => (
              <li key={o.file}>
                <strong>{name(o.file)}</strong>: {periodLabel(o.period)}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.ignored_files > 0 && <p class="muted">Bỏ qua {view.ignored_files} tệp không phải bảng tính.</p>}
    </div>
  );
}
