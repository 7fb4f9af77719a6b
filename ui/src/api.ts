// The contract between the UI and the desktop shell. Types come from Rust
// (ts-rs): core types in ./bindings, the shell's own in ./shell/bindings.
// Nothing here imports @tauri-apps: only backend.ts does.

import type { Diagnostic } from "./bindings/Diagnostic";
import type { Edit } from "./bindings/Edit";
import type { ExportRecord } from "./bindings/ExportRecord";
import type { HistoryEntry } from "./bindings/HistoryEntry";
import type { NewUnit } from "./bindings/NewUnit";
import type { PeriodSummary } from "./bindings/PeriodSummary";
import type { Preview } from "./bindings/Preview";
import type { Profile } from "./bindings/Profile";
import type { ReportView } from "./bindings/ReportView";
import type { Trend } from "./bindings/Trend";
import type { Unit } from "./bindings/Unit";
import type { UnitHit } from "./bindings/UnitHit";
import type { WriteSummary } from "./bindings/WriteSummary";
import type { AppInfo } from "./shell/bindings/AppInfo";
import type { ExportDone } from "./shell/bindings/ExportDone";
import type { ImportDone } from "./shell/bindings/ImportDone";
import type { IpcError } from "./shell/bindings/IpcError";
import type { PickedFile } from "./shell/bindings/PickedFile";
import type { RestoreDone } from "./shell/bindings/RestoreDone";
import type { BackupDone } from "./shell/bindings/BackupDone";
import type { SentMark } from "./bindings/SentMark";
import type { EditionMeta } from "./bindings/EditionMeta";
import type { EditionChange } from "./bindings/EditionChange";
import type { EditionMove } from "./bindings/EditionMove";
import type { EditionPreview } from "./bindings/EditionPreview";
import type { EditionRow } from "./bindings/EditionRow";
import type { EditionSummary } from "./bindings/EditionSummary";

export type { AppInfo, Diagnostic, Edit, ExportDone, ExportRecord, HistoryEntry, ImportDone, IpcError, NewUnit };
export type { PeriodSummary, PickedFile, Preview, Profile, ReportView, RestoreDone, Trend, Unit, UnitHit, WriteSummary };
export type { Former } from "./bindings/Former";
export type { BackupDone, SentMark };
export type { RowView } from "./bindings/RowView";
export type { Field } from "./bindings/Field";
export type { Figure } from "./bindings/Figure";
export type { Severity } from "./bindings/Severity";
export type { ReportState } from "./bindings/ReportState";
export type { Completeness } from "./bindings/Completeness";
export type { DeadlineTone } from "./bindings/DeadlineTone";
export type { Change } from "./bindings/Change";
export type { ImportedFigure } from "./bindings/ImportedFigure";
export type { Kind } from "./bindings/Kind";
export type { UnitType } from "./bindings/UnitType";
export type { Origin } from "./bindings/Origin";
export type { Status } from "./bindings/Status";
export type { EditionChange, EditionMeta, EditionMove, EditionPreview, EditionRow, EditionSummary };
export type { EditionDiff } from "./bindings/EditionDiff";
export type { FieldChange } from "./bindings/FieldChange";
export type { ItemBrief } from "./bindings/ItemBrief";
export type { Applied } from "./bindings/Applied";
export type { IndicatorDraft } from "./bindings/IndicatorDraft";
export type { ReportDrafts } from "./bindings/ReportDrafts";
export type { StoredReview } from "./bindings/StoredReview";
export type { ReviewChange } from "./bindings/ReviewChange";
import type { Applied } from "./bindings/Applied";
import type { Field } from "./bindings/Field";
import type { ReportDrafts } from "./bindings/ReportDrafts";
import type { StoredReview } from "./bindings/StoredReview";
import type { ReviewChange } from "./bindings/ReviewChange";
import type { AgencyProgress } from "./shell/bindings/AgencyProgress";
import type { AgencySaved } from "./shell/bindings/AgencySaved";
import type { AgencyView } from "./shell/bindings/AgencyView";
export type { AgencyProgress, AgencySaved, AgencyView };
export type { AgencyUnit } from "./shell/bindings/AgencyUnit";
// The agency screen's statistics are the core's `IndicatorSummary` as it is.
export type { IndicatorSummary as AgencyIndicator } from "./bindings/IndicatorSummary";
export type { AgencyFigure } from "./shell/bindings/AgencyFigure";
export type { AgencySignature } from "./shell/bindings/AgencySignature";
export type { UnitStatus } from "./bindings/UnitStatus";
export type { ReceivedFrom } from "./bindings/ReceivedFrom";
export type { Revision } from "./bindings/Revision";
export type { RevisionFile } from "./bindings/RevisionFile";
export type { RevisionChange } from "./bindings/RevisionChange";
import type { TokenCertificate } from "./bindings/TokenCertificate";
import type { SignDone } from "./shell/bindings/SignDone";
import type { SigningDrivers } from "./shell/bindings/SigningDrivers";
export type { SignDone, SigningDrivers, TokenCertificate };
export type { DriverSuggestion } from "./bindings/DriverSuggestion";
export type { Signed } from "./bindings/Signed";

/** Everything the UI asks of the shell. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  /** Restores the newest sound backup over a corrupt database. */
  restoreBackup(): Promise<RestoreDone>;
  /** Units existing today; a former unit's name leads to its successor (`former`). */
  searchUnits(query: string): Promise<UnitHit[]>;
  addUnit(unit: NewUnit): Promise<Unit>;
  chooseUnit(code: string): Promise<Unit>;
  /** The preparer's details of a unit (its own: `profile.unit` names it). */
  profile(unit: string): Promise<Profile>;
  saveProfile(unit: string, profile: Profile): Promise<void>;
  /** Copies the database to a file chosen in a native dialog; null when cancelled. */
  backupToFile(): Promise<BackupDone | null>;
  /** Restores a copy picked in a native dialog (the current database kept aside); null when cancelled. */
  restoreFromFile(): Promise<RestoreDone | null>;
  /** Marks a report as sent another way (or takes the mark back); the marks, oldest first. */
  markSent(unit: string, period: string, sent: boolean, note: string): Promise<SentMark[]>;
  sentMarks(unit: string, period: string): Promise<SentMark[]>;
  periods(unit: string | null, year: number): Promise<PeriodSummary[]>;
  report(unit: string, period: string): Promise<ReportView>;
  checkEdit(unit: string, period: string, edit: Edit): Promise<Diagnostic[]>;
  applyEdits(unit: string, period: string, edits: Edit[]): Promise<WriteSummary>;
  /** Undoes the last batch of changes of the report (Ctrl+Z). */
  undo(unit: string, period: string): Promise<WriteSummary>;
  /** Gives a figure back the value it had before its change `revision`. */
  restoreValue(unit: string, period: string, indicator: string, revision: number): Promise<WriteSummary>;
  pickImportFile(): Promise<PickedFile | null>;
  previewImport(token: string, unit: string | null, period: string | null): Promise<Preview>;
  confirmImport(token: string, unit: string | null, period: string | null, sha256: string): Promise<ImportDone>;
  cancelImport(token: string): Promise<void>;
  /** With `withPdf`, the PDF rendition goes beside the workbook («kèm bản PDF»). */
  exportSubmission(unit: string, period: string, withPdf?: boolean): Promise<ExportDone | null>;
  exportTemplate(unit: string, period: string): Promise<ExportDone | null>;
  revealExport(token: string): Promise<void>;
  history(unit: string, period: string, indicator: string | null): Promise<HistoryEntry[]>;
  exports(unit: string, period: string): Promise<ExportRecord[]>;
  trend(unit: string, period: string, indicator: string): Promise<Trend>;
  /** The drafts of a report (trend, international, review). */
  drafts(unit: string, period: string): Promise<ReportDrafts>;
  /** Accepts one draft into an empty cell; false when the cell holds text. */
  acceptDraft(unit: string, period: string, indicator: string, field: Field, text: string): Promise<boolean>;
  /** Accepts every draft into the empty cells (and the review, when empty). */
  applyDrafts(unit: string, period: string): Promise<Applied>;
  review(unit: string, period: string): Promise<StoredReview | null>;
  saveReview(unit: string, period: string, text: string, fromDraft: boolean): Promise<boolean>;
  /** Every saved version of the review, oldest first. */
  reviewHistory(unit: string, period: string): Promise<ReviewChange[]>;
  windowReady(): Promise<void>;
  /** The catalogue editions held, oldest first. */
  editions(): Promise<EditionSummary[]>;
  editionRows(id: string): Promise<EditionRow[]>;
  /** What loading the picked file as an edition would add; writes nothing. */
  previewEdition(token: string, meta: EditionMeta): Promise<EditionPreview>;
  confirmEdition(token: string, meta: EditionMeta, sha256: string): Promise<EditionSummary>;
  previewEditionMove(unit: string, period: string, to: string): Promise<EditionMove>;
  moveEdition(unit: string, period: string, to: string): Promise<EditionMove>;
  /** The indicator set to load, picked in its own native dialog (workbook or TOML); null when cancelled. */
  pickEditionFile(): Promise<PickedFile | null>;
  /** The report's moves from one edition to another, oldest first. */
  editionChanges(unit: string, period: string): Promise<EditionChange[]>;
  /** Whether this installation is a receiving agency (consolidates units' files). */
  agencyMode(): Promise<boolean>;
  setAgencyMode(on: boolean): Promise<boolean>;
  /** The folder of the units' files, picked in a native dialog; null when cancelled. */
  pickAgencyFolder(): Promise<PickedFile | null>;
  /** Consolidates the period over the picked folder; progress as files are read. */
  consolidateFolder(token: string, period: string, onProgress: (p: AgencyProgress) => void): Promise<AgencyView>;
  /** Stops a running consolidation (nothing written; it rejects with code "cancelled"). */
  cancelConsolidation(): Promise<void>;
  /** Writes the last consolidation's workbook where the person chooses; null when cancelled. */
  exportConsolidation(): Promise<AgencySaved | null>;
  /** Shows a unit's file (of the last consolidation) in the file manager. */
  revealUnitFile(unit: string): Promise<void>;
  /**
   * Corrects by hand when a unit's report (of the last consolidation's
   * period) was first received — `at` as typed, Vietnam time; empty: back
   * to the files' own times — with the reason; the consolidation again.
   */
  correctReceived(unit: string, at: string, reason: string): Promise<AgencyView>;
  /** «Ký số»: the usual token drivers (those on this machine first) and the one last used. */
  signingDrivers(): Promise<SigningDrivers>;
  /** A token driver picked in a native dialog (its path); null when cancelled. */
  pickSigningDriver(): Promise<string | null>;
  /** The PDF to sign, picked in a native dialog; null when cancelled. */
  pickSignFile(): Promise<PickedFile | null>;
  /** The token's keys and certificates (logs in with the PIN; writes nothing). */
  signingCertificates(driver: string, pin: string): Promise<TokenCertificate[]>;
  /** Signs the PDF `file` (a picked or written file's token) into `<stem>-da-ky.pdf` beside it. */
  signPdf(file: string, driver: string, pin: string, tokenLabel: string | null, keyLabel: string | null): Promise<SignDone>;
}

/** An error from the shell: branch on `code`, show `message`. */
export class BackendError extends Error {
  readonly code: string;
  readonly diagnostics: Diagnostic[];

  constructor(e: IpcError) {
    super(e.message);
    this.name = "BackendError";
    this.code = e.code;
    this.diagnostics = e.diagnostics ?? [];
  }

  /** Wraps whatever a call threw into a BackendError. */
  static from(e: unknown): BackendError {
    if (e instanceof BackendError) return e;
    if (e && typeof e === "object" && "code" in e && "message" in e) {
      const o = e as { code: unknown; message: unknown; diagnostics?: unknown };
      return new BackendError({
        code: String(o.code),
        message: String(o.message),
        diagnostics: Array.isArray(o.diagnostics) ? (o.diagnostics as Diagnostic[]) : [],
      });
    }
    const text = e instanceof Error ? e.message : String(e);
    return new BackendError({
      code: "internal",
      message: `Lỗi nội bộ của chương trình: ${text}. Hãy đóng và mở lại chương trình.`,
      diagnostics: [],
    });
  }
}
