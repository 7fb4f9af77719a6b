// The one module that talks to Tauri. Everything else uses the Backend
// interface (api.ts), so UI tests run against an in-memory mock.

import { Channel, invoke } from "@tauri-apps/api/core";

import { type AgencyProgress, type Backend, BackendError } from "./api";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw BackendError.from(e);
  }
}

export const tauriBackend: Backend = {
  appInfo: () => call("app_info"),
  restoreBackup: () => call("restore_backup"),
  searchUnits: (query) => call("search_units", { query }),
  addUnit: (unit) => call("add_unit", { unit }),
  chooseUnit: (code) => call("choose_unit", { code }),
  profile: (unit) => call("profile", { unit }),
  saveProfile: (unit, profile) => call("save_profile", { unit, profile }),
  backupToFile: () => call("backup_to_file"),
  restoreFromFile: () => call("restore_from_file"),
  markSent: (unit, period, sent, note) => call("mark_sent", { unit, period, sent, note }),
  sentMarks: (unit, period) => call("sent_marks", { unit, period }),
  periods: (unit, year) => call("periods", { unit, year }),
  report: (unit, period) => call("report", { unit, period }),
  checkEdit: (unit, period, edit) => call("check_edit", { unit, period, edit }),
  applyEdits: (unit, period, edits) => call("apply_edits", { unit, period, edits }),
  undo: (unit, period) => call("undo", { unit, period }),
  restoreValue: (unit, period, indicator, revision) => call("restore_value", { unit, period, indicator, revision }),
  pickImportFile: () => call("pick_import_file"),
  previewImport: (token, unit, period) => call("preview_import", { token, unit, period }),
  confirmImport: (token, unit, period, sha256) => call("confirm_import", { token, unit, period, sha256 }),
  cancelImport: (token) => call("cancel_import", { token }),
  exportSubmission: (unit, period, withPdf) => call("export_submission", { unit, period, with_pdf: withPdf ?? false }),
  exportTemplate: (unit, period) => call("export_template", { unit, period }),
  revealExport: (token) => call("reveal_export", { token }),
  history: (unit, period, indicator) => call("history", { unit, period, indicator }),
  exports: (unit, period) => call("exports", { unit, period }),
  trend: (unit, period, indicator) => call("trend", { unit, period, indicator }),
  drafts: (unit, period) => call("drafts", { unit, period }),
  acceptDraft: (unit, period, indicator, field, text) => call("accept_draft", { unit, period, indicator, field, text }),
  applyDrafts: (unit, period) => call("apply_drafts", { unit, period }),
  review: (unit, period) => call("review", { unit, period }),
  saveReview: (unit, period, text, fromDraft) => call("save_review", { unit, period, text, from_draft: fromDraft }),
  reviewHistory: (unit, period) => call("review_history", { unit, period }),
  windowReady: () => call("window_ready"),
  editions: () => call("editions"),
  editionRows: (id) => call("edition_rows", { id }),
  previewEdition: (token, meta) => call("preview_edition", { token, meta }),
  confirmEdition: (token, meta, sha256) => call("confirm_edition", { token, meta, sha256 }),
  previewEditionMove: (unit, period, to) => call("preview_edition_move", { unit, period, to }),
  moveEdition: (unit, period, to) => call("move_edition", { unit, period, to }),
  pickEditionFile: () => call("pick_edition_file"),
  editionChanges: (unit, period) => call("edition_changes", { unit, period }),
  agencyMode: () => call("agency_mode"),
  setAgencyMode: (on) => call("set_agency_mode", { on }),
  pickAgencyFolder: () => call("pick_agency_folder"),
  consolidateFolder: (token, period, onProgress) => {
    const channel = new Channel<AgencyProgress>();
    channel.onmessage = onProgress;
    return call("consolidate_folder", { token, period, on_progress: channel });
  },
  cancelConsolidation: () => call("cancel_consolidation"),
  exportConsolidation: () => call("export_consolidation"),
  revealUnitFile: (unit) => call("reveal_unit_file", { unit }),
  correctReceived: (unit, at, reason) => call("correct_received", { unit, at, reason }),
  signingDrivers: () => call("signing_drivers"),
  pickSigningDriver: () => call("pick_signing_driver"),
  pickSignFile: () => call("pick_sign_file"),
  signingCertificates: (driver, pin) => call("signing_certificates", { driver, pin }),
  signPdf: (file, driver, pin, tokenLabel, keyLabel) => call("sign_pdf", { file, driver, pin, token_label: tokenLabel, key_label: keyLabel }),
};
