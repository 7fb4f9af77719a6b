// An in-memory Backend for UI tests (and for trying the UI in a browser).
// It imitates the shell's answers with a small sample report; the real
// rules live in the core and are tested there.

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
  Unit,
  UnitHit,
  WriteSummary,
} from "../../src/api";
import type { Figure } from "../../src/bindings/Figure";
import type { Kind } from "../../src/bindings/Kind";
import { BackendError } from "../../src/api";
import { fold, formatVi } from "../../src/format";
import type { AgencyProgress, AgencySaved, AgencyView, PickedFile } from "../../src/api";
import { sampleConsolidation } from "./mock-agency";

export const SAMPLE_UNITS: Unit[] = [
  unit("THAI-NGUYEN", "Tỉnh Thái Nguyên", "Thái Nguyên", "province"),
  unit("HA-NOI", "Thành phố Hà Nội", "Hà Nội", "province"),
  unit("BYT", "Bộ Y tế", "Bộ Y tế", "ministry"),
  unit("TUYEN-QUANG", "Tỉnh Tuyên Quang", "Tuyên Quang", "province"),
];

/** Units that no longer exist, and the one that took each over (as the registry says). */
const FORMER_UNITS: { unit: Unit; successor: string; since: string; source: string }[] = [
  {
    unit: { ...unit("HA-GIANG", "Tỉnh Hà Giang", "Hà Giang", "province"), valid_to: "2025-06-30" },
    successor: "TUYEN-QUANG",
    since: "2025-07-01",
    source: "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh",
  },
];

/** The words typed are words of the unit's name, the last maybe unfinished (as the core's search). */
function nameMatches(u: Unit, words: string[]): boolean {
  const last = words[words.length - 1] ?? "";
  return [u.name, u.short_name, u.code].some((n) => {
    const have = fold(n).split(/[^a-z0-9]+/).filter(Boolean);
    return words.slice(0, -1).every((w) => have.includes(w)) && have.some((h) => h.startsWith(last));
  });
}

function unit(code: string, name: string, short_name: string, type: Unit["type"]): Unit {
  return {
    code,
    name,
    short_name,
    aliases: [],
    type,
    category: "",
    parent: null,
    valid_from: null,
    valid_to: null,
    successors: [],
    source: "",
    note: "",
    receives_reports: false,
    user_added: false,
  };
}

const ITEMS: [string, string, Kind, string, string][] = [
  ["1", "Phát triển Chính phủ số", "group", "", ""],
  ["1.1", "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "share", "≥ 80%", "≥ 80%"],
  ["1.2", "Tỷ lệ hồ sơ giải quyết trực tuyến", "share", "50%", "≥ 50%"],
  ["1.7", "Tỷ lệ cơ quan kết nối với nền tảng", "parent", "", ""],
  ["1.7.1", "Cấp bộ", "share", "100%", "100%"],
  ["5", "Xếp hạng quốc tế", "group", "", ""],
  ["5.1", "Xếp hạng Chính phủ điện tử (EGDI)", "rank", "Top 70", "Top 50"],
];

function emptyFigure(indicator: string): Figure {
  return { indicator, value: null, raw: "", status: null, status_raw: "", source: "", trend: "", comparison: "", proposals: "", notes: "" };
}

/** Reads a figure roughly like the core (the mock only). */
function mockParse(text: string): { value: number | null; ok: boolean } {
  const t = text.trim().replace(/%$/, "").trim();
  if (t === "" || t === "-") return { value: null, ok: true };
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return { value: null, ok: false };
  return { value: Number(t.replace(",", ".")), ok: true };
}

function mockCheck(kind: Kind, code: string, f: Figure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const d = (severity: Diagnostic["severity"], c: string, message: string): Diagnostic => ({
    severity,
    code: c,
    indicator: code,
    sheet: null,
    cell: null,
    message,
  });
  if (f.raw.trim() !== "") {
    const p = mockParse(f.raw);
    if (!p.ok) out.push(d("error", "not-a-number", `Chỉ tiêu ${code}: «${f.raw}» không phải là số.`));
    else if (p.value !== null && kind === "share" && (p.value < 0 || p.value > 100))
      out.push(d("error", "share-out-of-range", `Chỉ tiêu ${code} là tỷ lệ phần trăm nên phải từ 0 đến 100, nhưng số liệu là ${formatVi(p.value)}.`));
    else if (p.value !== null && kind === "rank" && (p.value < 1 || !Number.isInteger(p.value)))
      out.push(d("error", "rank-not-positive-integer", `Chỉ tiêu ${code} là thứ hạng nên phải là số nguyên dương.`));
  }
  if (f.status === null && f.status_raw.trim() !== "")
    out.push(d("error", "unknown-status", `Chỉ tiêu ${code}: loại số liệu «${f.status_raw}» không hợp lệ.`));
  return out;
}

function setField(f: Figure, field: Edit["field"], text: string): Figure {
  const g = { ...f };
  if (field === "value") {
    g.raw = text;
    g.value = mockParse(text).value;
    if (g.value !== null && g.status === null && g.status_raw === "") g.status = "official";
  } else if (field === "status") {
    const t = fold(text);
    g.status = t === "chinh thuc" ? "official" : t === "uoc tinh" ? "estimate" : null;
    g.status_raw = g.status || t === "" ? "" : text;
  } else {
    g[field] = text;
  }
  return g;
}

export interface MockOptions {
  unit?: Unit | null;
  failure?: { code: string; message: string } | null;
}

export class MockBackend implements Backend {
  unit: Unit | null;
  /** The details last saved (any unit). */
  lastProfile: Profile | null = null;
  figures = new Map<string, Figure>();
  history_: HistoryEntry[] = [];
  exports_: ExportRecord[] = [];
  failure: { code: string; message: string } | null;
  calls: { cmd: string; args: unknown[] }[] = [];
  /** The file the next pickImportFile "picks" (null: cancelled). */
  nextPick: string | null = "base.xlsx";
  windowShown = false;

  constructor(opts: MockOptions = {}) {
    this.unit = opts.unit === undefined ? SAMPLE_UNITS[0] : opts.unit;
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
    const words = fold(query).split(/\s+/).filter(Boolean);
    const hits: UnitHit[] = SAMPLE_UNITS.filter((u) => nameMatches(u, words)).map((u) => ({ unit: u, former: null }));
    if (words.length === 0) return hits;
    for (const f of FORMER_UNITS.filter((f) => nameMatches(f.unit, words))) {
      const successor = SAMPLE_UNITS.find((u) => u.code === f.successor);
      if (!successor || hits.some((h) => h.unit.code === successor.code)) continue;
      const [y, m, d] = f.since.split("-");
      const text = `${f.unit.name} → ${successor.name} từ ${d}/${Number(m)}/${y}`;
      hits.push({ unit: successor, former: { code: f.unit.code, name: f.unit.name, since: f.since, source: f.source, text } });
    }
    // The former units themselves, for the periods they existed in (as the core's `search_for_reporting`).
    for (const f of FORMER_UNITS.filter((f) => nameMatches(f.unit, words))) hits.push({ unit: f.unit, former: null });
    return hits;
  }

  async addUnit(n: NewUnit): Promise<Unit> {
    this.log("addUnit", n);
    if (!n.name.trim()) throw new BackendError({ code: "bad_unit", message: "Đơn vị mới cần một tên.", diagnostics: [] });
    const u = unit("X-" + fold(n.name).toUpperCase().replace(/[^A-Z0-9]+/g, "-"), n.name, n.short_name ?? n.name, n.unit_type);
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
    const u = SAMPLE_UNITS.find((x) => x.code === unitCode);
    const place = u?.type === "province" ? u.short_name : u ? "Hà Nội" : "";
    return this.profiles.get(unitCode) ?? { unit: unitCode, preparer: "", phone: "", email: "", head: "", place };
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

  private sentOtherwise(period: string): boolean {
    return this.marks.get(period)?.at(-1)?.sent ?? false;
  }

  async periods(unitCode: string | null, year: number): Promise<PeriodSummary[]> {
    this.log("periods", unitCode, year);
    const q = (n: number, cover: string, deadline: string, days: number): PeriodSummary => ({
      period: `${year}-Q${n}`,
      label: `Quý ${["I", "II", "III", "IV"][n - 1]} năm ${year}`,
      first_day: `${year}-01-01`,
      last_day: `${year}-03-31`,
      coverage: cover,
      deadline: `${year}-07-05`,
      deadline_label: `trước ngày ${deadline}/${year}`,
      days_left: days,
      overdue: days <= 0 && !this.sentOtherwise(`${year}-Q${n}`),
      sent_otherwise: this.sentOtherwise(`${year}-Q${n}`),
      exported: false,
      // As the core's: calm beyond a year overdue.
      deadline_text:
        days > 0 ? `còn ${days} ngày` : this.sentOtherwise(`${year}-Q${n}`) ? "Đã gửi bằng cách khác" : 1 - days > 365 ? "Kỳ đã qua, chưa gửi" : `quá hạn ${1 - days} ngày`,
      deadline_tone: days > 0 ? (days <= 7 ? "soon" : "open") : this.sentOtherwise(`${year}-Q${n}`) ? "sent" : 1 - days > 365 ? "past" : "overdue",
      state: n === 2 && this.figures.size > 0 ? "in_progress" : "no_figures",
      state_label: n === 2 && this.figures.size > 0 ? "Đang nhập" : "Chưa có số liệu",
      completeness: { filled: n === 2 ? this.filled() : 0, expected: this.expected() },
      errors: 0,
    });
    // The mock's clock says 1 July 2024: another year moves every deadline by a year.
    const shift = (2024 - year) * 365;
    return [
      q(1, `tháng 12/${year - 1} và tháng 01–03/${year}`, "03/04", -88 - shift),
      q(2, `tháng 04–06/${year}`, "05/07", 4 - shift),
      q(3, `tháng 07–09/${year}`, "05/10", 96 - shift),
      q(4, `tháng 10–11/${year}`, "05/12", 157 - shift),
    ];
  }

  rows(): RowView[] {
    return ITEMS.map(([code, name, kind, plan, target]) => {
      const f = this.figures.get(code) ?? null;
      return {
        code,
        name,
        kind,
        unit: kind === "rank" ? "Thứ hạng" : kind === "share" ? "%" : "",
        depth: code.split(".").length - 1,
        plan,
        target,
        previous: code === "1.1" ? "75,5" : null,
        applicable: true,
        changed_since_export: false,
        figure: f ? { ...f, sheet: null, cell: null, revision: 1, updated_at: "2024-07-01T03:00:00Z" } : null,
        diagnostics: f ? mockCheck(kind, code, f) : [],
      };
    });
  }

  async report(unitCode: string, period: string): Promise<ReportView> {
    this.log("report", unitCode, period);
    const rows = this.rows();
    const diagnostics = rows.flatMap((r) => r.diagnostics);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    return {
      unit_code: unitCode,
      unit_name: this.unit?.name ?? unitCode,
      period,
      period_label: "Quý II năm 2024",
      coverage: "tháng 04–06/2024",
      deadline: "trước ngày 05/07/2024",
      days_left: 4,
      overdue: false,
      sent_otherwise: this.sentOtherwise(period),
      edition_id: "kh-2023",
      edition_title: "Kế hoạch 2023",
      edition_years: "2023–2025",
      edition_notice: null,
      newer_editions: [],
      plan_header: "Kế hoạch năm 2024",
      plan_year: 2024,
      target_year: 2025,
      receiver: "Cục Chuyển đổi số quốc gia - Bộ Thông tin và Truyền thông",
      state: this.figures.size === 0 ? "no_figures" : errors > 0 ? "has_errors" : "in_progress",
      completeness: { filled: this.filled(), expected: this.expected() },
      export_refusal: this.filled() === 0 ? "Báo cáo Quý II năm 2024 chưa có số liệu nào nên không xuất tệp gửi đi; hãy nhập số liệu (gõ vào bảng hoặc nhập từ tệp Excel) rồi xuất lại." : null,
      rows,
      diagnostics,
      errors,
      warnings: 0,
    };
  }

  /** Indicators carrying a figure, and those that have one (as the core's `Completeness`). */
  private expected(): number {
    return ITEMS.filter((i) => i[2] !== "group" && i[2] !== "parent").length;
  }

  private filled(): number {
    return ITEMS.filter((i) => i[2] !== "group" && i[2] !== "parent" && !["", "-", "–", "—"].includes(this.figures.get(i[0])?.raw.trim() ?? "")).length;
  }

  private kindOf(code: string): Kind {
    return ITEMS.find((i) => i[0] === code)?.[2] ?? "share";
  }

  async checkEdit(_unit: string, _period: string, edit: Edit): Promise<Diagnostic[]> {
    this.log("checkEdit", edit);
    const f = setField(this.figures.get(edit.indicator) ?? emptyFigure(edit.indicator), edit.field, edit.text);
    return mockCheck(this.kindOf(edit.indicator), edit.indicator, f);
  }

  async applyEdits(_unit: string, _period: string, edits: Edit[]): Promise<WriteSummary> {
    this.log("applyEdits", edits);
    const summary: WriteSummary = { new: [], changed: [], unchanged: [] };
    const batch = this.nextBatch();
    for (const e of edits) {
      const kind = this.kindOf(e.indicator);
      if (kind === "group" || kind === "parent")
        throw new BackendError({ code: "not_a_figure_row", message: `Dòng ${e.indicator} không nhận số liệu.`, diagnostics: [] });
      const old = this.figures.get(e.indicator) ?? null;
      const next = setField(old ?? emptyFigure(e.indicator), e.field, e.text);
      (old ? summary.changed : summary.new).push(e.indicator);
      this.record(e.indicator, next, { kind: "app" }, batch);
    }
    return summary;
  }

  private nextBatch(): number {
    return this.history_.reduce((m, h) => Math.max(m, h.batch), 0) + 1;
  }

  /** Sets a figure and appends its history row. */
  private record(indicator: string, next: Figure, origin: HistoryEntry["origin"], batch: number) {
    const old = this.figures.get(indicator) ?? null;
    this.figures.set(indicator, next);
    this.history_.push({
      batch,
      indicator,
      revision: this.history_.filter((h) => h.indicator === indicator).length + 1,
      at: "2024-07-01T03:00:00Z",
      origin,
      sheet: null,
      cell: null,
      old,
      new: next,
    });
  }

  async undo(_unit: string, _period: string): Promise<WriteSummary> {
    this.log("undo");
    const undone = new Set(this.history_.flatMap((h) => (h.origin.kind === "undo" ? [h.origin.batch] : [])));
    const last = this.history_.filter((h) => h.origin.kind !== "undo" && h.origin.kind !== "repair" && !undone.has(h.batch)).pop();
    if (!last) throw new BackendError({ code: "nothing_to_undo", message: "Không còn thay đổi nào của báo cáo Quý II năm 2024 để hoàn tác.", diagnostics: [] });
    const rows = this.history_.filter((h) => h.batch === last.batch);
    const batch = this.nextBatch();
    const summary: WriteSummary = { new: [], changed: [], unchanged: [] };
    const seen = new Set<string>();
    for (const h of rows) {
      if (seen.has(h.indicator)) continue;
      seen.add(h.indicator);
      const first = rows.find((r) => r.indicator === h.indicator)!;
      this.record(h.indicator, first.old ?? emptyFigure(h.indicator), { kind: "undo", batch: last.batch }, batch);
      summary.changed.push(h.indicator);
    }
    return summary;
  }

  async restoreValue(_unit: string, _period: string, indicator: string, revision: number): Promise<WriteSummary> {
    this.log("restoreValue", indicator, revision);
    const row = this.history_.find((h) => h.indicator === indicator && h.revision === revision);
    if (!row) throw new BackendError({ code: "unknown_revision", message: `Chỉ tiêu ${indicator} không có lần sửa thứ ${revision}.`, diagnostics: [] });
    this.record(indicator, row.old ?? emptyFigure(indicator), { kind: "restore", revision }, this.nextBatch());
    return { new: [], changed: [indicator], unchanged: [] };
  }

  async pickImportFile() {
    this.log("pickImportFile");
    return this.nextPick ? { token: "tok-1", file_name: this.nextPick } : null;
  }

  async previewImport(token: string, unitCode: string | null, period: string | null) {
    this.log("previewImport", token, unitCode, period);
    const read = { ...emptyFigure("1.1"), value: 92.5, raw: "92,5", status: "official" as const };
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
    this.figures.set("1.1", preview.figures[0].merged);
    return { preview, summary: { new: ["1.1"], changed: [], unchanged: [] } };
  }

  async cancelImport(token: string) {
    this.log("cancelImport", token);
  }

  async exportSubmission(unitCode: string, period: string) {
    this.log("exportSubmission", unitCode, period);
    const view = await this.report(unitCode, period);
    const errors = view.diagnostics.filter((d) => d.severity === "error");
    if (view.export_refusal) throw new BackendError({ code: "export_empty", message: view.export_refusal, diagnostics: [] });
    if (errors.length > 0)
      throw new BackendError({ code: "export_blocked", message: `Chưa thể xuất báo cáo vì còn ${errors.length} lỗi.`, diagnostics: errors });
    const name = `PL01_${unitCode}_${period}.xlsx`;
    return {
      token: "w-1",
      file_name: name,
      folder: "/tmp/out",
      exported: { path: `/tmp/out/${name}`, sha256: "f00", bytes: 12800, warnings: [], figures: this.figures.size, completeness: view.completeness },
    };
  }

  async exportTemplate(unitCode: string, period: string) {
    this.log("exportTemplate", unitCode, period);
    const name = `PL01_MAU_${unitCode}_${period}.xlsx`;
    return { token: "w-2", file_name: name, folder: "/tmp/out", exported: { path: `/tmp/out/${name}`, sha256: "f01", bytes: 9000, warnings: [], figures: 0, completeness: { filled: 0, expected: 0 } } };
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

  async trend(_u: string, _p: string, indicator: string) {
    this.log("trend", indicator);
    const f = this.figures.get(indicator);
    return {
      indicator,
      name: ITEMS.find((i) => i[0] === indicator)?.[1] ?? "",
      kind: this.kindOf(indicator),
      unit: "%",
      points: [
        { period: "2024-Q1", label: "Quý I năm 2024", value: 70, status: "official" as const },
        ...(f?.value != null ? [{ period: "2024-Q2", label: "Quý II năm 2024", value: f.value, status: f.status }] : []),
      ],
      plans: [[2024, "≥ 80%", 80]] as [number, string, number | null][],
      target_year: 2025,
      target: "100%",
      target_value: 100,
    };
  }

  review_: StoredReview | null = null;
  reviewHistory_: ReviewChange[] = [];

  /** A draft for every figure with a value: "Bản nháp <code>"; none for a
   * share over 100 (an error), with the reason, as the core. */
  async drafts(unitCode: string, period: string): Promise<ReportDrafts> {
    this.log("drafts", period);
    const drafts = [...this.figures.values()]
      .filter((f) => f.value != null)
      .map((f) => {
        const bad = this.kindOf(f.indicator) === "share" && (f.value ?? 0) > 100;
        return {
          indicator: f.indicator,
          trend: bad ? null : `Bản nháp ${f.indicator}`,
          ...(bad ? { no_trend: "Số liệu kỳ này có lỗi: sửa số liệu thì bản nháp mới được lập." } : {}),
          international: this.kindOf(f.indicator) === "rank" ? `Quốc tế ${f.indicator}` : null,
        };
      });
    const review = drafts.length > 0 && (period.endsWith("Q2") || !period.includes("Q")) ? "ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM 2024" : null;
    return { unit: { code: unitCode, name: this.unit?.name ?? "" }, period, drafts, review };
  }

  async acceptDraft(unitCode: string, period: string, indicator: string, field: Field, text: string) {
    this.log("acceptDraft", indicator, field, text);
    const f = this.figures.get(indicator);
    if (!f || (field === "trend" ? f.trend : f.comparison).trim() !== "") return false;
    await this.applyEdits(unitCode, period, [{ indicator, field, text }]);
    const last = this.history_[this.history_.length - 1];
    if (last) last.origin = { kind: "draft", cli: false };
    return true;
  }

  async applyDrafts(unitCode: string, period: string): Promise<Applied> {
    this.log("applyDrafts");
    const d = await this.drafts(unitCode, period);
    const applied: Applied = { trend: [], international: [], review: false };
    for (const x of d.drafts) {
      if (x.trend !== null && (await this.acceptDraft(unitCode, period, x.indicator, "trend", x.trend))) applied.trend.push(x.indicator);
      if (x.international && (await this.acceptDraft(unitCode, period, x.indicator, "comparison", x.international)))
        applied.international.push(x.indicator);
    }
    if (d.review && !this.review_) applied.review = await this.saveReview(unitCode, period, d.review, true);
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

  editions_: EditionSummary[] = [mockEdition("kh-2023", "Chỉ tiêu chiến lược Chính phủ số 2023-2025", 2023, 2025, [2023, 2024], "embedded")];

  async editions() {
    this.log("editions");
    return this.editions_;
  }

  async editionRows(id: string): Promise<EditionRow[]> {
    this.log("editionRows", id);
    return ITEMS.map(([code, name, kind, plan, target]) => ({
      code,
      name,
      kind,
      unit: kind === "rank" ? "Thứ hạng" : kind === "share" ? "%" : "",
      depth: code.split(".").length - 1,
      baseline: "",
      plans: kind === "group" || kind === "parent" ? ["", ""] : [plan, plan],
      target,
      legal_basis: "",
      tracking: "",
      bodies: "",
      applies_to: kind === "group" || kind === "parent" ? "" : "Các bộ, ngành, địa phương",
    }));
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
    items: ITEMS.filter((i) => i[2] !== "group" && i[2] !== "parent").length,
    origin,
    loaded_at: null,
  };
}
