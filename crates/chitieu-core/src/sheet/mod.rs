//! Spreadsheet bytes into grids of cells: a workbook (.xlsx, .xlsm, .xls,
//! .ods) from an untrusted source is checked with bounded memory and time
//! (`scan`), then its sheets are read into bounded grids (`grid`), both held
//! to the bounds in `limits`. This layer knows nothing of the Phụ lục 01
//! form, the catalogue or the store: `form`, `import` and `edition` read the
//! grids it returns.

pub(crate) mod grid;
pub mod limits;
pub mod scan;

/// Why the bytes of a file are refused as a workbook (before any form is
/// looked for in it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("Tệp «{file}» quá lớn ({} MB) để là một biểu mẫu Phụ lục 01 (giới hạn {} MB).", bytes / 1_048_576, limits::MAX_FILE_BYTES / 1_048_576)]
    TooLarge { file: String, bytes: u64 },
    #[error("Tệp «{file}» không phải là bảng tính: {what}. Hãy chọn tệp Phụ lục 01 dạng Excel (.xlsx, .xlsm, .xls) hoặc LibreOffice (.ods), hoặc mở tệp bằng Excel rồi lưu lại dạng .xlsx.")]
    NotASpreadsheet { file: String, what: String },
    #[error("Tệp «{file}» được đặt mật khẩu nên không đọc được; hãy mở bằng Excel hoặc LibreOffice Calc, bỏ mật khẩu rồi lưu lại.")]
    Encrypted { file: String },
    #[error("Tệp «{file}» có phần «{part}» giải nén ra quá lớn so với một biểu mẫu (có thể là tệp độc hại), nên bị từ chối; hãy xin lại tệp từ người gửi.")]
    ZipBomb { file: String, part: String },
    #[error("Tệp «{file}»{}: {what}, nên tệp bị từ chối; hãy chép bảng Phụ lục 01 sang một tệp mới rồi nhập tệp đó.", if sheet.is_empty() { String::new() } else { format!(", trang «{sheet}»") })]
    TooManyCells {
        file: String,
        sheet: String,
        what: String,
    },
    #[error("Tệp «{file}» bị hỏng hoặc không đúng định dạng: {detail}. Hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi nhập lại.")]
    Malformed { file: String, detail: String },
    #[error("Tệp «{file}» ở định dạng {format}, chưa được hỗ trợ; hãy mở bằng Excel hoặc LibreOffice Calc rồi lưu lại dạng .xlsx.")]
    Unsupported { file: String, format: String },
    #[error("Tệp «{file}» được lưu bằng {format}, một định dạng quá cũ nên không đọc được; hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại dạng .xlsx (Excel Workbook).")]
    TooOld { file: String, format: String },
}

impl SheetError {
    pub fn code(&self) -> &'static str {
        match self {
            SheetError::TooLarge { .. } => "too_large",
            SheetError::NotASpreadsheet { .. } => "not_a_spreadsheet",
            SheetError::Encrypted { .. } => "encrypted",
            SheetError::ZipBomb { .. } => "zip_bomb",
            SheetError::TooManyCells { .. } => "too_many_cells",
            SheetError::Malformed { .. } => "malformed",
            SheetError::Unsupported { .. } | SheetError::TooOld { .. } => "unsupported_format",
        }
    }
}
