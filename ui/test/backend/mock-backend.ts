// An in-memory Backend for UI tests. It implements no rule: every answer
// that a rule decides (a figure read from typed text, its diagnostics, the
// unit search, the periods and their deadlines, the drafts, the report's
// rows and labels) is canned JSON that the core itself produced
// (crates/chitieu-core/tests/ui_fixtures.rs, `make bindings`, under
// ui/test/fixtures/). What is left here is bookkeeping: which canned answer
// goes with which call, the texts typed per cell, their history for undo,
// and the calls made (for the tests to check).

import type { RestoreDone } from "../../src/shell/bindings/RestoreDone";
import type { BackupDone } from "../../src/shell/bindings/BackupDone";
import type { SentMark } from "../../src/bindings/SentMark";
import type { EditionChange, EditionMeta, EditionMove, EditionPreview, EditionRow, EditionSummary } from "../../src/api";
import type {
  Applied,
  AppInfo,
  Backend,
  Diagnostic,
  Edit,
  ExportRecord,
  Field,
  HistoryEntry,
  NewUnit,
  PeriodSummary,
  Profile,
  ReportDrafts,
  ReportView,
  RowView,
  StoredReview,
  ReviewChange,
  Trend,
  Unit,
  UnitHit,
  WriteSummary,
} from "../../src/api";
import type { Figure } from "../../src/bindings/Figure";
import { BackendError } from "../../src/api";
import { fold } from "../../src/format";
import type { AgencyProgress, AgencySaved, AgencyView, PickedFile } from "../../src/api";
import { sampleConsolidation } from "./mock-agency";
import { MOCK_PIN, NO_PIN, WRONG_PIN, mockCertificates, mockSigned, mockSuggestions } from "./mock-signing";
import cellsJson from "../fixtures/cells.json";
import draftsJson from "../fixtures/drafts.json";
import periodsJson from "../fixtures/periods.json";
import reportJson from "../fixtures/report.json";
import unitsJson from "../fixtures/units.json";
import editionsJson from "../fixtures/editions.json";
import trendsJson from "../fixtures/trends.json";
import writesJson from "../fixtures/writes.json";

type Cell = { figure: RowView["figure"]; diagnostics: Diagnostic[] };
const CELLS = cellsJson as unknown as Record<string, Cell>;
const DRAFTS = draftsJson as unknown as Record<string, ReportDrafts>;
const PERIODS = periodsJson as unknown as Record<string, Record<string, PeriodSummary[]>>;
const REPORTS = reportJson as unknown as Record<string, ReportView>;
type Answer<T> = { ok?: T; error?: { code: string; message: string; diagnostics: Diagnostic[] } };
const WRITES = writesJson as unknown as Record<string, Answer<unknown>>;
const EDITION_ROWS = editionsJson.rows as unknown as Record<string, EditionRow[]>;
const TRENDS = trendsJson as unknown as Record<string, Trend>;
const PROFILES = unitsJson.profiles as unknown as Record<string, Profile>;
const UNIT_SEARCH = unitsJson.search as unknown as Record<string, UnitHit[]>;

/** The canned answers, for tests that assert what the core said. */
export const FIXTURES = { cells: CELLS, drafts: DRAFTS, reports: REPORTS };

/** The canned answer for `key`, or a failure that says where to add it. */
function canned<T>(table: Record<string, T>, key: string, what: string): T {
  const found = table[key];
  if (found === undefined)
    throw new Error(`no canned ${what} for «${key}»: add it to crates/chitieu-core/tests/ui_fixtures.rs and run make bindings`);
  return found;
}

/** The units the UI tests report for, as the core's registry has them. */
export const UNITS = unitsJson.units as unknown as Record<string, Unit>;
/** Units the mock knows: those, the units its searches found (and those added in a test). */
export const SAMPLE_UNITS: Unit[] = Object.values(UNITS);
for (const hits of Object.values(UNIT_SEARCH))
  for (const h of hits) if (!SAMPLE_UNITS.some((u) => u.code === h.unit.code)) SAMPLE_UNITS.push(h.unit);

/** The unit of the ranks' report (the tracking department of the ranks). */
export const RANKS_UNIT = "BTTTT.CDSQG";

/** The core's answer to a write in a state: its value, or its error thrown as the shell's. */
function answer<T>(cmd: string, state: string): T {
  const a = canned(WRITES, `${cmd}|${state}`, "answer") as Answer<T>;
  if (a.error) throw new BackendError(structuredClone(a.error));
  return structuredClone(a.ok as T);
}

/** The texts typed into one row's cells. */
type Texts = Record<Field, string>;
const FIELDS: Field[] = ["value", "status", "source", "trend", "comparison", "proposals", "notes"];
const NO_TEXTS: Texts = { value: "", status: "", source: "", trend: "", comparison: "", proposals: "", notes: "" };

function emptyFigure(indicator: string): Figure {
  return { indicator, value: null, raw: "", status: null, status_raw: "", source: "", trend: "", comparison: "", proposals: "", notes: "" };
}

export interface MockOptions {
  unit?: Unit | null;
  failure?: { code: string; message: string } | null;
}

export class MockBackend implements Backend {
  unit: Unit | null;
  /** The details last saved (any unit). */
  lastProfile: Profile | null = null;
  /** The texts typed per row (the core reads them: see `figure`). */
  texts = new Map<string, Texts>();
  history_: HistoryEntry[] = [];
  /** The texts of each history row, before and after (for undo and restore). */
  private historyTexts: { old: Texts | null; new: Texts }[] = [];
  exports_: ExportRecord[] = [];
  failure: { code: string; message: string } | null;
  calls: { cmd: string; args: unknown[] }[] = [];
  /** The file the next pickImportFile "picks" (null: cancelled). */
  nextPick: string | null = "base.xlsx";
  windowShown = false;

  constructor(opts: MockOptions = {}) {
    this.unit = opts.unit === undefined ? UNITS["THAI-NGUYEN"] : opts.unit;
    this.failure = opts.failure ?? null;
  }

  private log(cmd: string, ...args: unknown[]) {
    this.calls.push({ cmd, args });
  }

  async appInfo(): Promise<AppInfo> {
    this.log("appInfo");
    return {
      database: "/tmp/mock.db",
      backups: "/tmp/backups",
      today: "2024-07-01",
      year: 2024,
      unit: this.failure ? null : this.unit,
      profile: this.unit ? this.profiles.get(this.unit.code) ?? null : null,
      failure: this.failure ? { ...this.failure, diagnostics: [] } : null,
      latest_backup: this.failure?.code === "corrupt_database" ? "chitieu-hang-ngay-20240701.db" : null,
      version: "0.1.0",
    };
  }

  async restoreBackup(): Promise<RestoreDone> {
    this.log("restoreBackup");
    this.failure = null;
    return { restored_from: "chitieu-hang-ngay-20240701.db", kept_aside: "chitieu-truoc-khoi-phuc-20240701T030000Z.db" };
  }

  async searchUnits(query: string): Promise<UnitHit[]> {
    this.log("searchUnits", query);
    return structuredClone(canned(UNIT_SEARCH, query, "unit search"));
  }

  async addUnit(n: NewUnit): Promise<Unit> {
    this.log("addUnit", n);
    if (!n.name.trim()) throw new BackendError({ code: "bad_unit", message: "Đơn vị mới cần một tên.", diagnostics: [] });
    const u: Unit = {
      ...SAMPLE_UNITS[0],
      code: "X-" + fold(n.name).toUpperCase().replace(/[^A-Z0-9]+/g, "-"),
      name: n.name,
      short_name: n.short_name ?? n.name,
      type: n.unit_type,
      user_added: true,
    };
    SAMPLE_UNITS.push(u);
    return u;
  }

  async chooseUnit(code: string): Promise<Unit> {
    this.log("chooseUnit", code);
    const u = SAMPLE_UNITS.find((x) => x.code === code);
    if (!u) throw new BackendError({ code: "unknown_unit", message: `Không có đơn vị nào mang mã «${code}» trong danh mục đơn vị.`, diagnostics: [] });
    this.unit = u;
    return u;
  }

  /** Saved details by unit (the core's guard imitated: another unit's are refused). */
  profiles = new Map<string, Profile>();
  /** The file the next backup dialog "saves" into, and the copy the next restore "picks" (null: cancelled). */
  nextBackup: string | null = "/media/usb/chitieu-sao-luu-2024-07-01.db";
  nextRestore: string | null = "/media/usb/chitieu-sao-luu-2024-07-01.db";
  marks = new Map<string, SentMark[]>();

  async profile(unitCode: string): Promise<Profile> {
    this.log("profile", unitCode);
    return structuredClone(this.profiles.get(unitCode) ?? canned(PROFILES, unitCode, "profile"));
  }

  async saveProfile(unitCode: string, profile: Profile): Promise<void> {
    this.log("saveProfile", unitCode, profile);
    if (profile.unit !== unitCode)
      throw new BackendError({ code: "profile_of_another_unit", message: `Thông tin người lập biểu này thuộc đơn vị «${profile.unit}», không phải «${unitCode}», nên không được lưu.`, diagnostics: [] });
    this.profiles.set(unitCode, profile);
    this.lastProfile = profile;
  }

  async backupToFile(): Promise<BackupDone | null> {
    this.log("backupToFile");
    if (!this.nextBackup) return null;
    const i = this.nextBackup.lastIndexOf("/");
    return { file_name: this.nextBackup.slice(i + 1), folder: this.nextBackup.slice(0, i) };
  }

  async restoreFromFile(): Promise<RestoreDone | null> {
    this.log("restoreFromFile");
    if (!this.nextRestore) return null;
    return { restored_from: this.nextRestore.slice(this.nextRestore.lastIndexOf("/") + 1), kept_aside: "chitieu-truoc-khoi-phuc-20240701T030000Z.db" };
  }

  async markSent(unitCode: string, period: string, sent: boolean, note: string): Promise<SentMark[]> {
    this.log("markSent", unitCode, period, sent, note);
    const list = [...(this.marks.get(period) ?? []), { at: "2024-07-01T03:00:00Z", sent, note }];
    this.marks.set(period, list);
    return list;
  }

  async sentMarks(_unit: string, period: string): Promise<SentMark[]> {
    this.log("sentMarks", period);
    return this.marks.get(period) ?? [];
  }

  /** The periods marked "sent another way" now (their last mark says sent). */
  private sentKey(): string {
    return [...this.marks.entries()]
      .filter(([, list]) => list.at(-1)?.sent)
      .map(([p]) => p)
      .sort()
      .join(",");
  }

  async periods(unitCode: string | null, year: number): Promise<PeriodSummary[]> {
    this.log("periods", unitCode, year);
    const byMarks = canned(PERIODS, String(year), "periods of the year");
    return structuredClone(canned(byMarks, this.sentKey(), "periods with these marks"));
  }

  /** The report of the unit shown (the core's view, cut to its sample rows). */
  private base(): ReportView {
    return canned(REPORTS, this.unit?.code ?? "", "report of the unit");
  }

  /** The figure the core stores for a row's typed texts, and its diagnostics. */
  private cell(code: string, t: Texts): Cell {
    if (t.value === "" && t.status === "") {
      const row = this.base().rows.find((r) => r.code === code);
      return { figure: null, diagnostics: row?.diagnostics ?? [] };
    }
    return canned(CELLS, `${code}|${t.value}|${t.status}`, "figure");
  }

  /** A row's figure: the core's reading of its value and status, the other texts as typed. */
  private figure(code: string): Figure | null {
    const t = this.texts.get(code);
    if (!t) return null;
    const read = this.cell(code, t).figure ?? { ...emptyFigure(code), sheet: null, cell: null, revision: 0, updated_at: "" };
    return {
      indicator: code,
      value: read.value,
      raw: read.raw,
      status: read.status,
      status_raw: read.status_raw,
      source: t.source,
      trend: t.trend,
      comparison: t.comparison,
      proposals: t.proposals,
      notes: t.notes,
    };
  }

  /** The report's state as the fixtures key it: every typed cell, `indicator.field=text`. */
  private stateKey(): string {
    return this.base()
      .rows.flatMap((r) => FIELDS.filter((f) => (this.texts.get(r.code)?.[f] ?? "") !== "").map((f) => `${r.code}.${f}=${this.texts.get(r.code)![f]}`))
      .join(";");
  }

  /** The figures stored, by indicator (for the tests to read). */
  get figures(): Map<string, Figure> {
    const out = new Map<string, Figure>();
    for (const code of this.texts.keys()) out.set(code, this.figure(code)!);
    return out;
  }

  rows(): RowView[] {
    return this.base().rows.map((r) => {
      const f = this.figure(r.code);
      const t = this.texts.get(r.code);
      const revision = this.history_.filter((h) => h.indicator === r.code).length;
      return {
        ...structuredClone(r),
        figure: f ? { ...f, sheet: null, cell: null, revision, updated_at: "2024-07-01T03:00:00Z" } : null,
        diagnostics: t ? this.cell(r.code, t).diagnostics : r.diagnostics,
      };
    });
  }

  async report(unitCode: string, period: string): Promise<ReportView> {
    this.log("report", unitCode, period);
    const base = this.base();
    const rows = this.rows();
    // The counts over the sample rows the mock shows.
    const diagnostics = rows.flatMap((r) => r.diagnostics);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const figureRows = rows.filter((r) => r.kind !== "group" && r.kind !== "parent");
    const filled = figureRows.filter((r) => (r.figure?.raw ?? "") !== "").length;
    return {
      ...structuredClone(base),
      period,
      sent_otherwise: this.marks.get(period)?.at(-1)?.sent ?? false,
      state: filled === 0 ? "no_figures" : errors > 0 ? "has_errors" : "in_progress",
      completeness: { filled, expected: figureRows.length },
      export_refusal: filled === 0 ? base.export_refusal : null,
      rows,
      diagnostics,
      errors,
      warnings: diagnostics.filter((d) => d.severity === "warning").length,
    };
  }

  async checkEdit(_unit: string, _period: string, edit: Edit): Promise<Diagnostic[]> {
    this.log("checkEdit", edit);
    const t = { ...(this.texts.get(edit.indicator) ?? NO_TEXTS), [edit.field]: edit.text };
    return structuredClone(this.cell(edit.indicator, t).diagnostics);
  }

  async applyEdits(_unit: string, _period: string, edits: Edit[]): Promise<WriteSummary> {
    this.log("applyEdits", edits);
    const summary: WriteSummary = { new: [], changed: [], unchanged: [] };
    const batch = this.nextBatch();
    for (const e of edits) {
      const row = this.base().rows.find((r) => r.code === e.indicator);
      if (!row || row.kind === "group" || row.kind === "parent")
        throw new Error(`the UI saved into row ${e.indicator}, which takes no figure`);
      const old = this.texts.get(e.indicator) ?? null;
      (old ? summary.changed : summary.new).push(e.indicator);
      this.record(e.indicator, { ...(old ?? NO_TEXTS), [e.field]: e.text }, { kind: "app" }, batch);
    }
    return summary;
  }

  private nextBatch(): number {
    return this.history_.reduce((m, h) => Math.max(m, h.batch), 0) + 1;
  }

  /** Sets a row's texts and appends its history row. */
  private record(indicator: string, next: Texts | null, origin: HistoryEntry["origin"], batch: number) {
    const oldTexts = this.texts.get(indicator) ?? null;
    const old = this.figure(indicator);
    if (next) this.texts.set(indicator, next);
    else this.texts.delete(indicator);
    this.history_.push({
      batch,
      indicator,
      revision: this.history_.filter((h) => h.indicator === indicator).length + 1,
      at: "2024-07-01T03:00:00Z",
      origin,
      sheet: null,
      cell: null,
      old,
      new: this.figure(indicator) ?? emptyFigure(indicator),
    });
    this.historyTexts.push({ old: oldTexts, new: next ?? NO_TEXTS });
  }

  async undo(_unit: string, _period: string): Promise<WriteSummary> {
    this.log("undo");
    const undone = new Set(this.history_.flatMap((h) => (h.origin.kind === "undo" ? [h.origin.batch] : [])));
    const last = this.history_.filter((h) => h.origin.kind !== "undo" && h.origin.kind !== "repair" && !undone.has(h.batch)).pop();
    if (!last) return answer<WriteSummary>("undo", "");
    const batch = this.nextBatch();
    const summary: WriteSummary = { new: [], changed: [], unchanged: [] };
    const first = new Map<string, Texts | null>();
    this.history_.forEach((h, i) => {
      if (h.batch === last.batch && !first.has(h.indicator)) first.set(h.indicator, this.historyTexts[i].old);
    });
    for (const [indicator, texts] of first) {
      this.record(indicator, texts, { kind: "undo", batch: last.batch }, batch);
      summary.changed.push(indicator);
    }
    return summary;
  }

  async restoreValue(_unit: string, _period: string, indicator: string, revision: number): Promise<WriteSummary> {
    this.log("restoreValue", indicator, revision);
    const i = this.history_.findIndex((h) => h.indicator === indicator && h.revision === revision);
    if (i < 0) throw new Error(`no history row ${indicator} #${revision}`);
    this.record(indicator, this.historyTexts[i].old, { kind: "restore", revision }, this.nextBatch());
    return { new: [], changed: [indicator], unchanged: [] };
  }

  async pickImportFile() {
    this.log("pickImportFile");
    return this.nextPick ? { token: "tok-1", file_name: this.nextPick } : null;
  }

  async previewImport(token: string, unitCode: string | null, period: string | null) {
    this.log("previewImport", token, unitCode, period);
    const read = { ...emptyFigure("1.1"), ...canned(CELLS, "1.1|92,5|", "figure").figure, indicator: "1.1" };
    return {
      file_name: this.nextPick ?? "",
      sha256: "abc",
      unit_code: unitCode ?? "",
      unit_name: this.unit?.name ?? "",
      period: period ?? "2024-Q2",
      edition_id: "kh-2023",
      sheet: "Phụ lục 01",
      from_export: false,
      figures: [{ read, merged: read, stored: this.figures.get("1.1") ?? null, sheet: "Phụ lục 01", cell: "F11", change: "new" as const }],
      diagnostics: [],
    };
  }

  async confirmImport(token: string, unitCode: string | null, period: string | null, sha256: string) {
    this.log("confirmImport", token, unitCode, period, sha256);
    const preview = await this.previewImport(token, unitCode, period);
    this.record("1.1", { ...(this.texts.get("1.1") ?? NO_TEXTS), value: preview.figures[0].merged.raw }, { kind: "app" }, this.nextBatch());
    return { preview, summary: { new: ["1.1"], changed: [], unchanged: [] } };
  }

  async cancelImport(token: string) {
    this.log("cancelImport", token);
  }

  async exportSubmission(unitCode: string, period: string, withPdf = false) {
    this.log("exportSubmission", unitCode, period, withPdf);
    answer("export_submission", this.stateKey()); // the core's check: refused, or it goes on
    const view = await this.report(unitCode, period);
    const name = `PL01_${unitCode}_${period}.xlsx`;
    const pdfName = `PL01_${unitCode}_${period}.pdf`;
    return {
      token: "w-1",
      file_name: name,
      folder: "/tmp/out",
      exported: {
        path: `/tmp/out/${name}`,
        sha256: "f00",
        bytes: 12800,
        warnings: [],
        figures: this.figures.size,
        completeness: view.completeness,
        ...(withPdf ? { pdf: { path: `/tmp/out/${pdfName}`, sha256: "f01", bytes: 41200, pages: 3 } } : {}),
      },
      pdf: withPdf ? { token: "w-2", file_name: pdfName } : null,
    };
  }

  async exportTemplate(unitCode: string, period: string) {
    this.log("exportTemplate", unitCode, period);
    const name = `PL01_MAU_${unitCode}_${period}.xlsx`;
    return { token: "w-2", file_name: name, folder: "/tmp/out", exported: { path: `/tmp/out/${name}`, sha256: "f01", bytes: 9000, warnings: [], figures: 0, completeness: { filled: 0, expected: 0 } }, pdf: null };
  }

  async revealExport(token: string) {
    this.log("revealExport", token);
  }

  async history(_u: string, _p: string, indicator: string | null) {
    this.log("history", indicator);
    return this.history_.filter((h) => !indicator || h.indicator === indicator);
  }

  async exports() {
    this.log("exports");
    return this.exports_;
  }

  async trend(_u: string, _p: string, indicator: string): Promise<Trend> {
    this.log("trend", indicator);
    return structuredClone(canned(TRENDS, `${indicator}|${this.stateKey()}`, "trend"));
  }


  review_: StoredReview | null = null;
  reviewHistory_: ReviewChange[] = [];

  /** The core's drafts for the figures typed (keyed by their values). */
  async drafts(_unitCode: string, period: string): Promise<ReportDrafts> {
    this.log("drafts", period);
    const key = this.rows()
      .filter((r) => r.figure && r.figure.raw !== "")
      .map((r) => `${r.code}=${r.figure!.raw}`)
      .join(";");
    if (key === "") return { unit: { code: this.unit?.code ?? "", name: this.unit?.name ?? "" }, period, drafts: [], review: null };
    return structuredClone(canned(DRAFTS, key, "drafts of these figures"));
  }

  async acceptDraft(unitCode: string, period: string, indicator: string, field: Field, text: string) {
    this.log("acceptDraft", indicator, field, text);
    const f = this.figure(indicator);
    if (!f || (field === "trend" ? f.trend : f.comparison).trim() !== "") return false;
    await this.applyEdits(unitCode, period, [{ indicator, field, text }]);
    const last = this.history_[this.history_.length - 1];
    if (last) last.origin = { kind: "draft", cli: false };
    return true;
  }

  async applyDrafts(unitCode: string, period: string): Promise<Applied> {
    this.log("applyDrafts");
    const applied = answer<Applied>("apply_drafts", this.stateKey());
    const d = await this.drafts(unitCode, period);
    const batch = this.nextBatch();
    const accept = (indicator: string, field: "trend" | "comparison", text: string) =>
      this.record(indicator, { ...(this.texts.get(indicator) ?? NO_TEXTS), [field]: text }, { kind: "draft", cli: false }, batch);
    for (const x of d.drafts) {
      if (applied.trend.includes(x.indicator)) accept(x.indicator, "trend", x.trend ?? "");
      if (applied.international.includes(x.indicator)) accept(x.indicator, "comparison", x.international ?? "");
    }
    if (applied.review && d.review) await this.saveReview(unitCode, period, d.review, true);
    return applied;
  }

  async review() {
    this.log("review");
    return this.review_;
  }

  async saveReview(_u: string, _p: string, text: string, fromDraft: boolean) {
    this.log("saveReview", text, fromDraft);
    if (this.review_?.text === text) return false;
    const old = this.review_?.text ?? null;
    this.review_ = { text, revision: (this.review_?.revision ?? 0) + 1, updated_at: "2024-07-01T03:00:00Z" };
    const origin: ReviewChange["origin"] = fromDraft ? { kind: "draft", cli: false } : { kind: "app" };
    this.reviewHistory_.push({ revision: this.review_.revision, at: this.review_.updated_at, origin, old, new: text });
    return true;
  }

  async reviewHistory() {
    this.log("reviewHistory");
    return this.reviewHistory_;
  }

  async windowReady() {
    this.log("windowReady");
    this.windowShown = true;
  }

  /** The editions the program carries (the core's), then those loaded in a test. */
  editions_: EditionSummary[] = structuredClone(editionsJson.summaries as unknown as EditionSummary[]);

  async editions() {
    this.log("editions");
    return this.editions_;
  }

  async editionRows(id: string): Promise<EditionRow[]> {
    this.log("editionRows", id);
    return structuredClone(canned(EDITION_ROWS, id, "edition rows"));
  }


  async previewEdition(token: string, meta: EditionMeta): Promise<EditionPreview> {
    this.log("previewEdition", token, meta);
    if (this.nextPick?.includes("broken"))
      throw new BackendError({
        code: "edition_refused",
        message: "Tệp «broken.xlsx» có 1 lỗi nên bộ chỉ tiêu không được nạp (không có gì thay đổi); lỗi đầu tiên: trang «Phụ lục 01», ô A11: mã chỉ tiêu 1.1 bị lặp.",
        diagnostics: [{ severity: "error", code: "edition-problem", indicator: null, sheet: "Phụ lục 01", cell: "A11", message: "mã chỉ tiêu 1.1 bị lặp (đã có ở ô A10)" }],
      });
    return {
      file_name: this.nextPick ?? "",
      sha256: "e26",
      edition: mockEdition(meta.id ?? "kh-2026", "Bộ chỉ tiêu thử nghiệm 2026–2030", 2026, 2030, [2026, 2027], "new"),
      notes: ["Tệp không có cột «Cơ quan, đơn vị thực hiện, phối hợp»: mọi bộ, ngành và địa phương báo cáo mọi chỉ tiêu."],
      footnotes: ["Ghi chú: chỉ tiêu 3.12 không tiếp tục theo dõi từ năm 2026; bổ sung chỉ tiêu 1.11 và 3.13."],
      diff: {
        base_id: "kh-2023",
        base_years: "2023–2025",
        added: [{ code: "4.23", name: "Chỉ tiêu thử nghiệm mới" }],
        removed: [{ code: "3.5.2", name: "Cấp huyện" }],
        renamed: [],
        units: [],
        plans: [{ code: "1.2", what: "Kế hoạch năm 2026", old: "", new: "≥ 60%" }],
        targets: [],
        applicability: [],
      },
    };
  }

  async confirmEdition(token: string, meta: EditionMeta, sha256: string): Promise<EditionSummary> {
    this.log("confirmEdition", token, meta, sha256);
    const p = await this.previewEdition(token, meta);
    const done = { ...p.edition, origin: "imported", loaded_at: "2026-12-01T03:00:00Z" };
    this.editions_ = [...this.editions_, done];
    return done;
  }

  async previewEditionMove(unitCode: string, period: string, to: string): Promise<EditionMove> {
    this.log("previewEditionMove", unitCode, period, to);
    return { unit_code: unitCode, period, from: "kh-2023", from_years: "2023–2025", to, to_years: "2026–2030", carried: ["1.1"], removed: [], added: [] };
  }

  /** The report's edition moves (moveEdition adds one). */
  editionChanges_: EditionChange[] = [];

  async moveEdition(unitCode: string, period: string, to: string): Promise<EditionMove> {
    this.log("moveEdition", unitCode, period, to);
    const m = await this.previewEditionMove(unitCode, period, to);
    this.editionChanges_ = [...this.editionChanges_, { at: "2026-12-01T03:00:00Z", origin: "app", from: m.from, to: m.to, carried: m.carried, removed: [] }];
    return m;
  }

  async pickEditionFile() {
    this.log("pickEditionFile");
    return this.nextPick ? { token: "tok-1", file_name: this.nextPick } : null;
  }

  async editionChanges(unitCode: string, period: string): Promise<EditionChange[]> {
    this.log("editionChanges", unitCode, period);
    return this.editionChanges_;
  }
  // The receiving agency.
  agency = false;
  /** The folder the next pickAgencyFolder "picks" (null: cancelled). */
  nextFolder: string | null = "/home/van-thu/Bao-cao-Q3";
  /** Files the mock "reads" in a consolidation (progress steps). */
  agencyFiles = 8;
  /** Holds a consolidation until cancelled or released (tests of the progress bar). */
  holdConsolidation = false;
  /** Warnings the next consolidation carries (the core's same-date warning). */
  agencyWarnings: string[] = [];
  private release: (() => void) | null = null;
  private cancelled = false;
  private consolidated = false;

  async agencyMode() {
    this.log("agencyMode");
    return this.agency;
  }

  async setAgencyMode(on: boolean) {
    this.log("setAgencyMode", on);
    this.agency = on;
    return on;
  }

  async pickAgencyFolder(): Promise<PickedFile | null> {
    this.log("pickAgencyFolder");
    return this.nextFolder ? { token: "folder-1", file_name: this.nextFolder } : null;
  }

  async consolidateFolder(token: string, period: string, onProgress: (p: AgencyProgress) => void): Promise<AgencyView> {
    this.log("consolidateFolder", token, period);
    this.cancelled = false;
    for (let done = 1; done <= this.agencyFiles; done++) {
      onProgress({ done, all: this.agencyFiles });
      if (this.holdConsolidation && done === Math.floor(this.agencyFiles / 2)) await new Promise<void>((r) => (this.release = r));
      if (this.cancelled) throw new BackendError({ code: "cancelled", message: "Đã dừng tổng hợp theo yêu cầu; chưa ghi gì.", diagnostics: [] });
    }
    this.consolidated = true;
    return { ...sampleConsolidation(this.nextFolder ?? ""), period, warnings: this.agencyWarnings };
  }

  /** Lets a held consolidation go on. */
  releaseConsolidation() {
    this.release?.();
    this.release = null;
  }

  async cancelConsolidation() {
    this.log("cancelConsolidation");
    this.cancelled = true;
    this.releaseConsolidation();
  }

  async exportConsolidation(): Promise<AgencySaved | null> {
    this.log("exportConsolidation");
    if (!this.consolidated) throw new BackendError({ code: "no_consolidation", message: "Chưa có kết quả tổng hợp; hãy chọn thư mục các tệp báo cáo và tổng hợp trước.", diagnostics: [] });
    return { token: "w-agency", file_name: "Tong-hop-PL01-2025-Q3.xlsx", folder: "/home/van-thu/Tai-lieu" };
  }

  async revealUnitFile(unit: string) {
    this.log("revealUnitFile", unit);
  }

  async correctReceived(unit: string, at: string, reason: string): Promise<AgencyView> {
    this.log("correctReceived", unit, at, reason);
    if (!this.consolidated) throw new BackendError({ code: "no_consolidation", message: "Chưa có kết quả tổng hợp; hãy chọn thư mục các tệp báo cáo và tổng hợp trước.", diagnostics: [] });
    if (!reason.trim()) throw new BackendError({ code: "no_reason", message: "Hãy ghi lý do sửa «Nhận lúc».", diagnostics: [] });
    const v = sampleConsolidation(this.nextFolder ?? "");
    const u = v.units.find((x) => x.code === unit);
    if (u && at) {
      u.received_at = `${at.length === 16 ? `${at}:00` : at}+07:00`;
      u.received_from = "manual";
      u.received_reason = reason;
      u.corrections = [{ received_at: u.received_at, reason, recorded_at: "2025-10-20T03:00:00Z" }];
    }
    return v;
  }

  // «Ký số».
  /** Whether the usual drivers are found on "this machine". */
  driversPresent = true;
  lastDriver: string | null = null;
  /** What the next pickSigningDriver / pickSignFile "pick" (null: cancelled). */
  nextDriver: string | null = null;
  nextSignFile: PickedFile | null = { token: "p-pdf", file_name: "PL01_THAI-NGUYEN_2024-Q2.pdf" };
  /** Every PIN the mock was given (tests check it is never kept elsewhere). */
  pins: string[] = [];

  async signingDrivers() {
    this.log("signingDrivers");
    return { last: this.lastDriver, suggestions: mockSuggestions(this.driversPresent) };
  }

  async pickSigningDriver() {
    this.log("pickSigningDriver");
    return this.nextDriver;
  }

  async pickSignFile() {
    this.log("pickSignFile");
    return this.nextSignFile;
  }

  private login(pin: string) {
    this.pins.push(pin);
    if (!pin) throw new BackendError({ code: "pin_missing", message: NO_PIN, diagnostics: [] });
    if (pin !== MOCK_PIN) throw new BackendError({ code: "wrong_pin", message: WRONG_PIN, diagnostics: [] });
  }

  async signingCertificates(driver: string, pin: string) {
    this.log("signingCertificates", driver);
    this.login(pin);
    this.lastDriver = driver;
    return mockCertificates();
  }

  async signPdf(file: string, driver: string, pin: string, tokenLabel: string | null, keyLabel: string | null) {
    this.log("signPdf", file, driver, tokenLabel, keyLabel);
    try {
      this.login(pin);
    } catch (e) {
      const err = e as BackendError;
      throw new BackendError({ code: err.code, message: `${err.message} Không có gì được ghi.`, diagnostics: [] });
    }
    this.lastDriver = driver;
    return mockSigned(this.nextSignFile?.file_name ?? "bao-cao.pdf");
  }
}

function mockEdition(id: string, title: string, first: number, last: number, plan_years: number[], origin: string): EditionSummary {
  return {
    id,
    title,
    source: "Văn bản thử nghiệm",
    first_year: first,
    last_year: last,
    years: first === last ? `${first}` : `${first}–${last}`,
    baseline_year: first - 1,
    plan_years,
    target_year: last,
    items: 61,
    origin,
    loaded_at: null,
  };
}
