//! The core's errors: typed, each with a stable `code` for machines and one
//! clear Vietnamese sentence for a person (its `Display`).

use std::io;
use std::path::{Path, PathBuf};

use crate::catalogue::{EditionError, Kind};
use crate::number::NumberError;
use crate::period::PeriodError;
use crate::registry::RegistryError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Không có đơn vị nào mang mã «{code}» trong danh mục đơn vị.")]
    UnknownUnit { code: String },

    #[error(
        "{name} không còn tồn tại vào kỳ {period} (hết hiệu lực sau ngày {ended}){successors}."
    )]
    UnitEnded {
        name: String,
        period: String,
        ended: String,
        successors: String,
    },

    #[error("{name} chưa tồn tại vào kỳ {period} (có hiệu lực từ ngày {started}).")]
    UnitNotYet {
        name: String,
        period: String,
        started: String,
    },

    #[error("Mã đơn vị «{code}» đã có trong danh mục; hãy chọn mã khác.")]
    DuplicateUnit { code: String },

    #[error("Đơn vị mới cần {what}.")]
    BadUnit { what: String },

    #[error("Thông tin người lập biểu này thuộc đơn vị «{profile_unit}», không phải «{unit}», nên không được lưu; hãy mở lại phần «Đơn vị, người lập biểu» rồi nhập lại.")]
    ProfileOfAnotherUnit { profile_unit: String, unit: String },

    #[error("{0}.")]
    Period(#[from] PeriodError),

    #[error("Chưa có bộ chỉ tiêu nào áp dụng cho năm {year}.")]
    NoEdition { year: i32 },

    #[error("Không có bộ chỉ tiêu mã «{id}».")]
    UnknownEdition { id: String },

    #[error("Mã chỉ tiêu «{code}» không có trong bộ chỉ tiêu {edition}.")]
    UnknownIndicator { code: String, edition: String },

    #[error("Dòng {code} là {kind}, không nhận số liệu; hãy nhập vào các chỉ tiêu con của nó.")]
    NotAFigureRow { code: String, kind: Kind },

    #[error("Chỉ tiêu {indicator}: {source}.")]
    Figure {
        indicator: String,
        source: NumberError,
    },

    #[error("Chỉ tiêu {indicator} là {kind} nên {rule}, nhưng số liệu là {value}.")]
    OutOfRange {
        indicator: String,
        kind: Kind,
        rule: &'static str,
        value: String,
    },

    #[error("Loại số liệu «{text}» không hợp lệ; hãy ghi «Chính thức» (official) hoặc «Ước tính» (estimate).")]
    Status { text: String },

    #[error("Tệp «{path}» không phải là cơ sở dữ liệu của chitieu nên không được mở (và không bị sửa).", path = path.display())]
    NotOurDatabase { path: PathBuf },

    #[error("Cơ sở dữ liệu «{path}» do phiên bản chitieu mới hơn tạo (lược đồ {found}, phiên bản này hiểu tới {supported}); hãy cập nhật chương trình. Tệp không bị sửa.", path = path.display())]
    NewerDatabase {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// `detail` is SQLite's own finding, kept for support, not printed.
    #[error("Cơ sở dữ liệu «{path}» bị hỏng và không có bản sao lưu nào dùng được; hãy liên hệ bộ phận hỗ trợ kỹ thuật (tệp hỏng không bị sửa).", path = path.display())]
    CorruptDatabase { path: PathBuf, detail: String },

    #[error("Cơ sở dữ liệu «{path}» bị hỏng; bản sao lưu tốt gần nhất là «{backup}»: hãy khôi phục bằng nút «Khôi phục» trong ứng dụng hoặc lệnh chitieu restore \"{backup}\" (bản hỏng được giữ lại).", path = path.display(), backup = backup.display())]
    CorruptWithBackup {
        path: PathBuf,
        detail: String,
        backup: PathBuf,
    },

    #[error("Cơ sở dữ liệu đang bị một chương trình khác (cửa sổ chitieu hoặc lệnh chitieu khác) giữ; hãy thử lại sau giây lát.")]
    Busy,

    #[error("Lỗi cơ sở dữ liệu: {0}.")]
    Database(String),

    #[error("{}", io_message(path, source))]
    Io { path: PathBuf, source: io::Error },

    #[error("Bộ chỉ tiêu không hợp lệ: {0}.")]
    Edition(#[from] EditionError),

    #[error("Danh mục đơn vị không hợp lệ: {0}.")]
    Registry(#[from] RegistryError),

    #[error("{0}")]
    Import(#[from] crate::import::ImportError),

    #[error("{0}")]
    EditionImport(#[from] crate::edition::EditionImportError),
    #[error("Không lập được bản nháp đánh giá: {0}; hãy báo cho bộ phận hỗ trợ kỹ thuật.")]
    Draft(#[from] crate::draft::DraftError),
    #[error("{0}")]
    Consolidate(#[from] crate::consolidate::ConsolidateError),

    #[error("Chưa thể xuất báo cáo vì còn {count} lỗi; hãy sửa các lỗi sau rồi xuất lại: {first}")]
    ExportBlocked {
        count: usize,
        first: String,
        diagnostics: Vec<crate::validate::Diagnostic>,
    },

    #[error("Báo cáo {period} chưa có số liệu nào nên không xuất tệp gửi đi; hãy nhập số liệu (gõ vào bảng hoặc nhập từ tệp Excel) rồi xuất lại.")]
    ExportEmpty { period: String },

    #[error("Tệp «{path}» đang được mở trong một chương trình khác (Excel?); hãy đóng tệp đó rồi thử lại.", path = path.display())]
    FileInUse { path: PathBuf },

    #[error("Không tạo được bản PDF của biểu: {0}; hãy báo cho bộ phận hỗ trợ kỹ thuật.")]
    Rendition(String),

    #[error("Tệp PDF và tệp Excel phải là hai tệp khác nhau («{path}»); hãy chọn một tên khác cho tệp PDF.", path = path.display())]
    PdfSameAsWorkbook { path: PathBuf },

    #[error("Không còn thay đổi nào của báo cáo {period} để hoàn tác.")]
    NothingToUndo { period: String },

    #[error("Chỉ tiêu {indicator} không có lần sửa thứ {revision} trong lịch sử của báo cáo này; hãy mở lại bảng lịch sử rồi chọn lại.")]
    UnknownRevision { indicator: String, revision: i64 },

    /// «Ký số»: looking at a token or signing a PDF (crate::signing).
    #[error("{0}")]
    Signing(crate::signing::SigningError),
}

fn io_message(path: &Path, e: &io::Error) -> String {
    let p = path.display();
    match e.kind() {
        io::ErrorKind::NotFound => format!("Không tìm thấy tệp hoặc thư mục «{p}»."),
        io::ErrorKind::PermissionDenied => format!("Không có quyền đọc/ghi «{p}»."),
        io::ErrorKind::StorageFull => {
            format!("Ổ đĩa đã đầy nên không ghi được «{p}»; hãy giải phóng dung lượng rồi thử lại.")
        }
        io::ErrorKind::ReadOnlyFilesystem => {
            format!("Thư mục chứa «{p}» chỉ cho phép đọc; hãy chọn thư mục khác.")
        }
        io::ErrorKind::IsADirectory => format!("«{p}» là một thư mục, không phải tệp."),
        io::ErrorKind::FileTooLarge => format!("Tệp «{p}» quá lớn."),
        _ => match e.raw_os_error() {
            Some(28) if cfg!(unix) => format!(
                "Ổ đĩa đã đầy nên không ghi được «{p}»; hãy giải phóng dung lượng rồi thử lại."
            ),
            Some(30) if cfg!(unix) => {
                format!("Thư mục chứa «{p}» chỉ cho phép đọc; hãy chọn thư mục khác.")
            }
            _ => format!("Không đọc/ghi được «{p}»: {e}."),
        },
    }
}

/// A workbook refused as bytes is an import refusal (the file's message and
/// code are the sheet layer's).
impl From<crate::sheet::SheetError> for Error {
    fn from(e: crate::sheet::SheetError) -> Self {
        Error::Import(e.into())
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A stable code, for machines (the UI branches on it, never on the text).
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownUnit { .. } => "unknown_unit",
            Error::UnitEnded { .. } | Error::UnitNotYet { .. } => "unit_not_in_period",
            Error::DuplicateUnit { .. } => "duplicate_unit",
            Error::BadUnit { .. } => "bad_unit",
            Error::ProfileOfAnotherUnit { .. } => "profile_of_another_unit",
            Error::Period(_) => "bad_period",
            Error::NoEdition { .. } => "no_edition",
            Error::UnknownEdition { .. } => "unknown_edition",
            Error::UnknownIndicator { .. } => "unknown_indicator",
            Error::NotAFigureRow { .. } => "not_a_figure_row",
            Error::Figure { .. } => "not_a_number",
            Error::OutOfRange { .. } => "out_of_range",
            Error::Status { .. } => "unknown_status",
            Error::NotOurDatabase { .. } => "not_our_database",
            Error::NewerDatabase { .. } => "newer_database",
            Error::CorruptDatabase { .. } | Error::CorruptWithBackup { .. } => "corrupt_database",
            Error::Busy => "database_busy",
            Error::Database(_) => "database",
            Error::Io { source, .. } => match source.kind() {
                io::ErrorKind::NotFound => "not_found",
                io::ErrorKind::PermissionDenied => "permission_denied",
                io::ErrorKind::StorageFull => "disk_full",
                io::ErrorKind::ReadOnlyFilesystem => "read_only",
                _ => match source.raw_os_error() {
                    Some(28) => "disk_full",
                    Some(30) => "read_only",
                    _ => "io",
                },
            },
            Error::Edition(_) => "bad_edition",
            Error::Registry(_) => "bad_registry",
            Error::Import(e) => e.code(),
            Error::EditionImport(e) => e.code(),
            Error::Draft(e) => e.code(),
            Error::Consolidate(e) => e.code(),
            Error::ExportBlocked { .. } => "export_blocked",
            Error::ExportEmpty { .. } => "export_empty",
            Error::FileInUse { .. } => "file_in_use",
            Error::Rendition(_) => "rendition",
            Error::PdfSameAsWorkbook { .. } => "same_output",
            Error::NothingToUndo { .. } => "nothing_to_undo",
            Error::UnknownRevision { .. } => "unknown_revision",
            Error::Signing(e) => e.code(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy,
            Some(ErrorCode::DiskFull) => {
                Error::io("cơ sở dữ liệu", io::Error::from_raw_os_error(28))
            }
            Some(ErrorCode::ReadOnly) => {
                Error::io("cơ sở dữ liệu", io::Error::from_raw_os_error(30))
            }
            Some(ErrorCode::NotADatabase) => Error::CorruptDatabase {
                path: PathBuf::new(),
                detail: e.to_string(),
            },
            _ => Error::Database(e.to_string()),
        }
    }
}
