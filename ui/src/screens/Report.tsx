// A report: the grid of figures (saved as typed), import, export, history
// and trend, as tabs.

import { useEffect, useRef, useState } from "preact/hooks";

import type { Diagnostic, Edit, Field, ImportDone, PickedFile, ReportView, Unit } from "../api";
import { BackendError } from "../api";
import { ErrorNotice, Spinner, StateBadge } from "../components/common";
import { DiagnosticsPanel, initialDiagCollapsed, rememberDiagCollapsed } from "../components/Diagnostics";
import { useEditionBanner } from "../components/EditionBanner";
import { type StripItem, StatusStrip } from "../components/StatusStrip";
import { DraftPanel, FIELD_LABEL, suggestions } from "../components/DraftPanel";
import { ExportPanel } from "../components/ExportPanel";
import { Grid } from "../components/Grid";
import { HistoryPanel } from "../components/HistoryPanel";
import { ImportPanel } from "../components/ImportPanel";
import { SentPanel } from "../components/SentPanel";
import { TrendPanel } from "../components/TrendPanel";
import { useBackend } from "../context";
import { daysLeftText } from "../format";
import { FIELDS, fieldOf, firstPos, type Pos } from "../grid";

export type Tab = "grid" | "import" | "export" | "history" | "trend" | "drafts";

const TABS: [Tab, string][] = [
  ["grid", "Số liệu"],
  ["import", "Nhập từ tệp Excel"],
  ["export", "Xuất tệp"],
  ["history", "Lịch sử"],
  ["trend", "Xu hướng"],
  ["drafts", "Bản nháp đánh giá"],
];

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "failed"; error: BackendError };

export function Report({
  unit,
  period,
  tab,
  onTab,
  importFile,
  onOpenPeriod,
}: {
  unit: Unit;
  period: string;
  tab: Tab;
  onTab: (t: Tab) => void;
  /** A file picked on another period's import tab, to preview here at once. */
  importFile?: PickedFile;
  /** Opens another period's import tab with the file picked here. */
  onOpenPeriod?: (period: string, file: PickedFile) => void;
}) {
  const backend = useBackend();
  const [view, setView] = useState<ReportView | null>(null);
  const [loadError, setLoadError] = useState<BackendError | null>(null);
  const [selected, setSelected] = useState<Pos | null>(null);
  const [pending, setPending] = useState<Record<string, string>>({});
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  // A notice shows on the tab where what it tells happened (the grid, or the
  // history for a restore).
  const [notice, setNoticeOn] = useState<{ text: string; tab: Tab } | null>(null);
  const setNotice = (text: string | null, where: Tab = "grid") => setNoticeOn(text === null ? null : { text, tab: where });
  const [indicator, setIndicator] = useState<string | null>(null);
  // Folded by default on a narrow screen (a 1366 px laptop), as the person
  // last left it otherwise.
  const [diagCollapsed, setDiagCollapsedState] = useState(initialDiagCollapsed);
  const setDiagCollapsed = (c: boolean) => {
    rememberDiagCollapsed(c);
    setDiagCollapsedState(c);
  };
  const [drafts, setDrafts] = useState<{ count: number; hidden: boolean; cells: Record<string, string> }>({ count: 0, hidden: false, cells: {} });
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(0);

  const reload = async () => {
    try {
      const v = await backend.report(unit.code, period);
      setView(v);
      setLoadError(null);
      return v;
    } catch (e) {
      setLoadError(BackendError.from(e));
      return null;
    }
  };

  // The drafts waiting in empty text cells: shown in the grid as
  // suggestions, counted in a hint above it.
  useEffect(() => {
    if (!view) return;
    backend.drafts(view.unit_code, view.period).then(
      (d) => {
        const list = suggestions(view, d);
        const cells = Object.fromEntries(list.map((x) => [`${x.row.code}/${x.field}`, x.draft]));
        setDrafts((x) => ({ ...x, count: list.length, cells }));
      },
      () => setDrafts((x) => ({ ...x, count: 0, cells: {} })),
    );
  }, [view]);

  useEffect(() => {
    setView(null);
    setSelected(null);
    reload().then((v) => v && setSelected(firstPos(v.rows)));
  }, [unit.code, period]);

  // Saves run one after another, in the order typed. A new edit makes the
  // grid's notice (what was done before) stale: it goes.
  const commit = (edits: Edit[], run: () => Promise<unknown> = () => backend.applyEdits(unit.code, period, edits), done?: (r: unknown) => void) => {
    setNoticeOn((n) => (n && n.tab === "grid" ? null : n));
    const keys = edits.map((e) => `${e.indicator}/${e.field}`);
    setPending((p) => {
      const next = { ...p };
      edits.forEach((e, i) => (next[keys[i]] = e.text));
      return next;
    });
    inFlight.current++;
    setSave({ kind: "saving" });
    queue.current = queue.current.then(async () => {
      try {
        const result = await run();
        await reload();
        setSave({ kind: "saved", at: new Date() });
        done?.(result);
      } catch (e) {
        setSave({ kind: "failed", error: BackendError.from(e) });
        await reload();
      } finally {
        inFlight.current--;
        setPending((p) => {
          const next = { ...p };
          keys.forEach((k) => delete next[k]);
          return next;
        });
      }
    });
  };

  // A draft accepted in the grid: shown at once, saved in the queue.
  const acceptDraft = (indicator: string, field: Field, text: string) =>
    commit(
      [{ indicator, field, text }],
      () => backend.acceptDraft(unit.code, period, indicator, field, text),
      (taken) =>
        setNotice(
          taken
            ? `Đã nhận bản nháp «${FIELD_LABEL[field]}» của chỉ tiêu ${indicator} (Ctrl+Z để hoàn tác).`
            : `Ô «${FIELD_LABEL[field]}» của chỉ tiêu ${indicator} đã có nội dung: bản nháp không ghi đè.`,
        ),
    );

  const acceptAllDrafts = () =>
    void revert(
      () => backend.applyDrafts(unit.code, period),
      (a) =>
        `Đã điền bản nháp vào ${a.trend.length} ô «Đánh giá xu hướng», ${a.international.length} ô «So sánh quốc tế»${a.review ? " và phần đánh giá" : ""}.`,
    );

  // Undo and restore run in the same queue as saves, after them.
  const revert = <T,>(run: () => Promise<T>, done: (s: T) => string, where: Tab = "grid") => {
    inFlight.current++;
    setSave({ kind: "saving" });
    queue.current = queue.current.then(async () => {
      try {
        const summary = await run();
        await reload();
        setSave({ kind: "saved", at: new Date() });
        setNotice(done(summary), where);
      } catch (e) {
        const error = BackendError.from(e);
        if (error.code === "nothing_to_undo") {
          setSave({ kind: "idle" });
          setNotice(error.message, where);
        } else {
          setSave({ kind: "failed", error });
        }
        await reload();
      } finally {
        inFlight.current--;
      }
    });
    return queue.current;
  };

  const undo = () => {
    void revert(
      () => backend.undo(unit.code, period),
      (s) => {
        const codes = [...s.changed, ...s.new];
        return codes.length === 0 ? "Đã hoàn tác (số liệu đã như trước)." : `Đã hoàn tác thay đổi gần nhất: chỉ tiêu ${codes.join(", ")}.`;
      },
    );
  };

  const restoreValue = (indicator: string, revision: number) =>
    revert(
      () => backend.restoreValue(unit.code, period, indicator, revision),
      () => `Đã khôi phục giá trị của chỉ tiêu ${indicator} trước lần sửa ${revision}.`,
      "history",
    );

  const check = (edit: Edit) => backend.checkEdit(unit.code, period, edit);

  const jump = (d: Diagnostic) => {
    if (!view || !d.indicator) return;
    const row = view.rows.findIndex((r) => r.code === d.indicator);
    if (row < 0) return;
    onTab("grid");
    setSelected({ row, field: FIELDS.indexOf(fieldOf(d)) });
    setTimeout(() => document.querySelector<HTMLElement>(".grid-wrap")?.focus({ preventScroll: true }), 0);
  };

  const imported = async (done: ImportDone) => {
    const s = done.summary;
    const n = s.new.length + s.changed.length;
    setNotice(`Đã nhập ${n} số liệu từ tệp ${done.preview.file_name} (${s.new.length} mới, ${s.changed.length} thay đổi).`);
    await reload();
    onTab("grid");
  };

  const selectedCode = selected && view ? view.rows[selected.row]?.code ?? null : null;

  const edition = useEditionBanner(view, (m) => {
    setNotice(`Đã chuyển báo cáo sang bộ chỉ tiêu ${m.to} (${m.to_years}).`);
    reload();
  });

  // After a button of the strip or the findings panel, the keyboard goes
  // back to the grid (arrows work at once), unless the click opened
  // something that took the focus itself.
  const refocusGrid = (e: MouseEvent) => {
    if (tab !== "grid" || !(e.target as HTMLElement | null)?.closest?.("button")) return;
    setTimeout(() => {
      const active = document.activeElement;
      const took = active && active !== document.body && !active.closest?.(".status-strip, .diag-panel") && active.isConnected;
      if (!took || active?.closest?.(".grid-wrap")) document.querySelector<HTMLElement>(".grid-wrap")?.focus({ preventScroll: true });
    }, 0);
  };

  /** What the strip says, most important first. */
  function strip(): StripItem[] {
    const items: StripItem[] = [];
    if (save.kind === "failed")
      items.push({
        id: "save-failed",
        kind: "error",
        title: save.error.message,
        text: <span data-code={save.error.code}>{save.error.message}</span>,
        onClose: () => setSave({ kind: "idle" }),
      });
    if (notice && notice.tab === tab)
      items.push({
        id: "notice",
        kind: "ok",
        test: "report-notice",
        className: "report-notice",
        title: notice.text,
        text: notice.text,
        onClose: () => setNotice(null),
      });
    if (edition.item) items.push(edition.item);
    if (tab === "grid" && drafts.count > 0 && !drafts.hidden) {
      const text = `Có ${drafts.count} bản nháp «Đánh giá xu hướng» / «So sánh quốc tế» cho ô còn trống, hiện mờ trong bảng: chọn ô rồi bấm Ctrl+Enter hoặc «Nhận» để nhận, Enter để sửa.`;
      items.push({
        id: "drafts",
        kind: "info",
        test: "drafts-hint",
        title: text,
        text: (
          <>
            Có {drafts.count} bản nháp «Đánh giá xu hướng» / «So sánh quốc tế» cho ô còn trống, hiện mờ trong bảng: chọn ô rồi bấm <kbd>Ctrl+Enter</kbd> hoặc «Nhận»
            để nhận, <kbd>Enter</kbd> để sửa.
          </>
        ),
        actions: (
          <>
            <button type="button" class="link" data-test="grid-accept-all" onClick={acceptAllDrafts}>
              Nhận tất cả
            </button>
            <button type="button" class="link" data-test="drafts-open" onClick={() => onTab("drafts")}>
              Xem bản nháp
            </button>
          </>
        ),
        onClose: () => setDrafts({ ...drafts, hidden: true }),
      });
    }
    return items;
  }

  if (loadError && !view) {
    return (
      <div class="page">
        <ErrorNotice error={loadError} />
      </div>
    );
  }
  if (!view) {
    return (
      <div class="page">
        <Spinner label="Đang mở báo cáo…" />
      </div>
    );
  }

  return (
    <div class="report">
      <div class="report-head">
        <div class="report-title">
          <h1>{view.period_label}</h1>
          <StateBadge state={view.state} />
          <SaveIndicator save={save} />
        </div>
        <div class="report-facts">
          <span>Số liệu {view.coverage}</span>
          <span>
            Hạn gửi {view.deadline}{" "}
            <span class={view.overdue ? "overdue" : view.days_left > 0 && view.days_left <= 7 ? "soon" : ""} data-test="report-deadline">
              ({view.sent_otherwise ? "đã gửi bằng cách khác" : view.days_left <= 0 && !view.overdue ? "đã xuất tệp" : daysLeftText(view.days_left)})
            </span>
          </span>
          <span class="muted" title={view.edition_id}>
            {view.edition_title}
          </span>
        </div>
        <nav class="tabs" role="tablist" aria-label="Các phần của báo cáo">
          {TABS.map(([t, label]) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              class={`tab ${tab === t ? "active" : ""}`}
              data-tab={t}
              onClick={() => {
                if (t === "trend" || t === "history") setIndicator(t === "trend" ? selectedCode : indicator);
                onTab(t);
              }}
            >
              {label}
              {t === "grid" && view.errors > 0 && <span class="tab-count">{view.errors}</span>}
            </button>
          ))}
        </nav>
      </div>
      <div class="report-strip" onClick={refocusGrid}>
        <StatusStrip items={strip()} />
        {edition.panel}
      </div>
      {tab === "grid" && (
        <div class="report-body">
          <Grid
            view={view}
            selected={selected}
            onSelect={setSelected}
            pending={pending}
            onCommit={commit}
            onCheck={check}
            onPasted={(text) => setNotice(text)}
            onUndo={undo}
            drafts={drafts.cells}
            onAcceptDraft={acceptDraft}
          />
          <div class="diag-slot" onClick={refocusGrid}>
            <DiagnosticsPanel diagnostics={view.diagnostics} onJump={jump} collapsed={diagCollapsed} onCollapse={setDiagCollapsed} />
          </div>
        </div>
      )}
      {tab === "import" && (
        <div class="report-scroll">
          <ImportPanel view={view} onImported={imported} initialFile={importFile} onOpenPeriod={onOpenPeriod} />
        </div>
      )}
      {tab === "export" && (
        <div class="report-scroll">
          <ExportPanel view={view} onExported={reload} onJump={jump} />
          <SentPanel view={view} onChanged={reload} />
        </div>
      )}
      {tab === "history" && (
        <div class="report-scroll">
          <HistoryPanel view={view} indicator={indicator} onIndicator={setIndicator} onRestore={restoreValue} />
        </div>
      )}
      {tab === "trend" && (
        <div class="report-scroll">
          <TrendPanel view={view} indicator={indicator} onIndicator={setIndicator} />
        </div>
      )}
      {tab === "drafts" && (
        <div class="report-scroll">
          <DraftPanel view={view} onChanged={reload} />
        </div>
      )}
    </div>
  );
}

function SaveIndicator({ save }: { save: SaveState }) {
  const pad = (n: number) => String(n).padStart(2, "0");
  switch (save.kind) {
    case "idle":
      return <span class="save-state muted">Mọi thay đổi được lưu ngay khi nhập</span>;
    case "saving":
      return <span class="save-state saving">Đang lưu…</span>;
    case "saved":
      return (
        <span class="save-state saved" data-test="saved">
          ✓ Đã lưu lúc {pad(save.at.getHours())}:{pad(save.at.getMinutes())}:{pad(save.at.getSeconds())}
        </span>
      );
    case "failed":
      return <span class="save-state failed">Chưa lưu được</span>;
  }
}
