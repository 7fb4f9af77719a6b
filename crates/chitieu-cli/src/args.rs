//! Command-line arguments.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "chitieu",
    version,
    about = "Lập báo cáo chỉ tiêu Chính phủ số theo mẫu Phụ lục 01, không cần mạng.",
    long_about = None,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Tệp cơ sở dữ liệu (mặc định: biến CHITIEU_DB, hoặc tệp trong thư mục dữ liệu của người dùng).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    pub fn json(&self) -> bool {
        match &self.command {
            Command::Catalogue(a) => a.json,
            Command::MoveEdition(a) => a.json,
            Command::Units(a) => a.json,
            Command::Periods(a) => a.json,
            Command::Show(a) | Command::Validate(a) => a.json,
            Command::History(a) => a.json,
            Command::Undo(a) => a.json,
            Command::Import(a) => a.json,
            Command::Set(a) => a.json,
            Command::AddUnit(a) => a.json,
            Command::Draft(a) => a.json,
            Command::Consolidate(a) => a.json,
            Command::Signing(c) => c.json(),
            Command::Export(a) => a.json,
            Command::Template(_)
            | Command::Profile(_)
            | Command::Backup(_)
            | Command::Restore(_) => false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Xem bộ chỉ tiêu (theo năm hoặc theo mã bộ), hoặc nạp một bộ chỉ tiêu mới từ tệp.
    Catalogue(CatalogueArgs),
    /// Chuyển một báo cáo sang bộ chỉ tiêu mới hơn (số liệu cùng mã được giữ).
    MoveEdition(MoveEditionArgs),
    /// Danh sách đơn vị báo cáo còn hiệu lực vào một ngày.
    Units(UnitsArgs),
    /// Thêm một đơn vị của riêng người dùng (một Sở, một đơn vị thuộc bộ…).
    AddUnit(AddUnitArgs),
    /// Các kỳ báo cáo của một năm: tháng bao gồm và hạn gửi.
    Periods(PeriodsArgs),
    /// Nhập (hoặc sửa) số liệu một chỉ tiêu.
    Set(SetArgs),
    /// Xem số liệu của một báo cáo.
    Show(ReportArgs),
    /// Lịch sử thay đổi số liệu của một báo cáo, cũ nhất trước.
    History(HistoryArgs),
    /// Hoàn tác lần thay đổi gần nhất của một báo cáo (cả một lần dán hoặc một lần nhập tệp).
    Undo(ReportArgs),
    /// Nhập số liệu từ tệp Excel/ODS theo mẫu Phụ lục 01.
    Import(ImportArgs),
    /// Kiểm tra số liệu của một báo cáo.
    Validate(ReportArgs),
    /// Xuất tệp Excel Phụ lục 01 để gửi (chỉ khi không còn lỗi).
    Export(SubmissionArgs),
    /// Xuất mẫu trống Phụ lục 01 để điền bằng Excel.
    Template(ExportArgs),
    /// Thông tin người lập biểu in ở cuối biểu của một đơn vị.
    Profile(ProfileArgs),
    /// Sao lưu cơ sở dữ liệu ra một tệp.
    Backup(BackupArgs),
    /// Khôi phục cơ sở dữ liệu từ một bản sao lưu (bản hiện tại được giữ lại).
    Restore(RestoreArgs),
    /// Bản nháp «Đánh giá xu hướng», «So sánh quốc tế» và đánh giá 6 tháng/năm của một báo cáo.
    Draft(DraftArgs),
    /// Tổng hợp báo cáo của các đơn vị gửi về cho một kỳ: ai chưa nộp, nộp muộn, thống kê, số liệu bất thường.
    Consolidate(ConsolidateArgs),
    #[command(flatten)]
    Signing(SigningCommand),
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub period: String,
    /// Điền bản nháp vào các ô còn trống (không bao giờ ghi đè nội dung đã có).
    #[arg(long)]
    pub apply: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// Kỳ báo cáo cần tổng hợp (ví dụ 2025-Q3 hoặc 2025).
    #[arg(long)]
    pub period: String,
    /// Tệp Excel tổng hợp cần ghi (.xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Cơ sở dữ liệu tổng hợp (mặc định: <tên cơ sở dữ liệu>.tonghop.db bên cạnh cơ sở dữ liệu chính).
    #[arg(long, value_name = "PATH")]
    pub received_db: Option<PathBuf>,
    /// Sửa tay «Nhận lúc» (lần nhận đầu tiên) của một đơn vị, giờ Việt Nam, ví dụ HA-NOI=2025-10-01T09:00 hoặc HA-NOI="01/10/2025 09:00"; HA-NOI= để bỏ lần sửa. Được lưu trong cơ sở dữ liệu tổng hợp và dùng cho mọi lần tổng hợp sau.
    #[arg(long, value_name = "MÃ_ĐƠN_VỊ=THỜI_ĐIỂM", requires = "reason")]
    pub received: Vec<String>,
    /// Lý do sửa «Nhận lúc» (bắt buộc cùng --received), ví dụ «theo ngày trên thư điện tử».
    #[arg(long, requires = "received")]
    pub reason: Option<String>,
    #[arg(long)]
    pub json: bool,
    /// Tệp (.xlsx, .xlsm, .xls, .ods) hoặc thư mục (tìm cả thư mục con); có thể bỏ trống khi chỉ sửa «Nhận lúc» (tổng hợp lại những gì đã nhận).
    #[arg(required_unless_present = "received", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CatalogueArgs {
    /// Năm báo cáo: hiện bộ chỉ tiêu áp dụng cho năm đó.
    #[arg(long, conflicts_with = "edition")]
    pub year: Option<i32>,
    /// Mã bộ chỉ tiêu (ví dụ kh-2023).
    #[arg(long)]
    pub edition: Option<String>,
    /// Nạp bộ chỉ tiêu mới từ tệp: bảng tính theo mẫu Phụ lục 01 (.xlsx, .xls, .ods) hoặc tệp TOML (cùng cấu trúc với assets/catalogue).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["year", "edition", "editions"])]
    pub import: Option<PathBuf>,
    /// Chỉ xem trước khác biệt so với bộ chỉ tiêu trước, không ghi gì (cùng --import).
    #[arg(long, requires = "import")]
    pub dry_run: bool,
    /// Mã bộ chỉ tiêu mới, khi tệp không ghi (cùng --import).
    #[arg(long, requires = "import")]
    pub id: Option<String>,
    /// Tên bộ chỉ tiêu mới, khi tệp không ghi (cùng --import).
    #[arg(long, requires = "import")]
    pub title: Option<String>,
    /// Văn bản ban hành bộ chỉ tiêu mới, khi tệp không ghi (cùng --import).
    #[arg(long, requires = "import")]
    pub source: Option<String>,
    /// Năm đầu tiên bộ chỉ tiêu mới áp dụng, khi tệp không ghi (cùng --import).
    #[arg(long, requires = "import")]
    pub first_year: Option<i32>,
    /// Liệt kê các bộ chỉ tiêu đang có.
    #[arg(long, conflicts_with_all = ["year", "edition"])]
    pub editions: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MoveEditionArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub period: String,
    /// Mã bộ chỉ tiêu mới (xem chitieu catalogue --editions).
    #[arg(long)]
    pub to: String,
    /// Chỉ xem trước, không ghi gì.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UnitsArgs {
    /// Ngày (YYYY-MM-DD); mặc định hôm nay.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: Option<String>,
    /// Chỉ hiện đơn vị có tên chứa các từ này (không phân biệt dấu).
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitTypeArg {
    Ministry,
    Province,
    Department,
    Custom,
}

#[derive(Debug, Args)]
pub struct AddUnitArgs {
    /// Tên đầy đủ của đơn vị.
    #[arg(long)]
    pub name: String,
    /// Loại đơn vị.
    #[arg(long = "type", value_enum)]
    pub unit_type: UnitTypeArg,
    /// Mã (chữ in hoa không dấu); mặc định tạo từ tên.
    #[arg(long)]
    pub code: Option<String>,
    /// Tên viết tắt.
    #[arg(long)]
    pub short_name: Option<String>,
    /// Đơn vị cấp trên (mã), ví dụ tỉnh của một Sở: đơn vị mới báo cáo các chỉ tiêu của đơn vị đó.
    #[arg(long)]
    pub parent: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PeriodsArgs {
    /// Năm; mặc định năm nay.
    #[arg(long)]
    pub year: Option<i32>,
    /// Mã đơn vị: kèm tình trạng báo cáo của đơn vị ở từng kỳ.
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Official,
    Estimate,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Mã đơn vị báo cáo.
    #[arg(long)]
    pub unit: String,
    /// Kỳ báo cáo: 2024-Q1 … 2024-Q4 hoặc 2024.
    #[arg(long)]
    pub period: String,
    /// Mã chỉ tiêu, ví dụ 1.1.
    pub indicator: String,
    /// Số liệu, ví dụ 86,97 hoặc 86.97 hoặc 86,97%; "-" là không có số liệu.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// Loại số liệu (mặc định official: chính thức).
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Nguồn số liệu.
    #[arg(long)]
    pub source: Option<String>,
    /// Ghi chú.
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub period: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub period: String,
    /// Chỉ một chỉ tiêu.
    #[arg(long)]
    pub indicator: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Tệp .xlsx, .xlsm, .xls hoặc .ods.
    pub file: PathBuf,
    /// Mã đơn vị, khi tệp không ghi rõ.
    #[arg(long)]
    pub unit: Option<String>,
    /// Kỳ báo cáo, khi tệp không ghi rõ.
    #[arg(long)]
    pub period: Option<String>,
    /// Chỉ xem trước thay đổi, không ghi gì.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long)]
    pub unit: String,
    #[arg(long)]
    pub period: String,
    /// Tệp .xlsx cần ghi; mặc định PL01_<mã đơn vị>_<kỳ>.xlsx trong thư mục hiện tại.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SubmissionArgs {
    #[command(flatten)]
    pub form: ExportArgs,
    /// Ghi kèm bản PDF của biểu (cùng số liệu, cùng mã kiểm tra) vào tệp này, để ký số.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[arg(long)]
    pub unit: String,
    /// Người lập biểu.
    #[arg(long)]
    pub preparer: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    /// Thủ trưởng đơn vị.
    #[arg(long)]
    pub head: Option<String>,
    /// Địa danh ghi trước ngày tháng ở cuối biểu.
    #[arg(long)]
    pub place: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    pub file: PathBuf,
}

/// Prints a usage error in Vietnamese (help and version as clap prints them).
pub fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
        _ => {}
    }
    let ctx = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let arg = ctx(ContextKind::InvalidArg);
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("Tham số «{arg}» không có trong lệnh này."),
        ErrorKind::InvalidSubcommand => {
            format!("Không có lệnh «{}».", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("Thiếu tham số bắt buộc: {arg}."),
        ErrorKind::MissingSubcommand => "Thiếu tên lệnh.".to_owned(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = ctx(ContextKind::InvalidValue);
            let valid = ctx(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("Giá trị «{value}» không hợp lệ cho {arg}.")
            } else {
                format!("Giá trị «{value}» không hợp lệ cho {arg}; chọn một trong: {valid}.")
            }
        }
        ErrorKind::ArgumentConflict => format!(
            "Không dùng được {arg} cùng với {}.",
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("Thừa giá trị «{}».", ctx(ContextKind::InvalidValue))
        }
        _ => "Lệnh không hợp lệ.".to_owned(),
    };
    crate::output::usage(&message);
    ExitCode::from(2)
}

/// `chitieu sign` and `chitieu verify`.
#[derive(Debug, Subcommand)]
pub enum SigningCommand {
    /// Ký số tệp PDF bằng token (chữ ký PAdES, hiện ở góc trên bên phải trang 1).
    Sign(SignArgs),
    /// Kiểm tra các chữ ký số của tệp PDF (và đối chiếu với tệp Excel đã gửi).
    Verify(VerifyArgs),
}

impl SigningCommand {
    pub fn json(&self) -> bool {
        match self {
            SigningCommand::Sign(_) => false,
            SigningCommand::Verify(a) => a.json,
        }
    }
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Trình điều khiển PKCS#11 của token (tệp .dll/.so, xem docs/SIGNING.md). Mã PIN lấy từ biến CHITIEU_PIN, hoặc được hỏi (không hiện trên màn hình).
    #[arg(long, value_name = "MODULE")]
    pub pkcs11: PathBuf,
    /// Nhãn của token (khi cắm nhiều token).
    #[arg(long, value_name = "LABEL")]
    pub token: Option<String>,
    /// Nhãn của khoá ký trên token (mặc định: khoá đầu tiên có chứng thư ký số).
    #[arg(long, value_name = "LABEL")]
    pub key: Option<String>,
    /// Tệp PDF cần ký.
    pub file: PathBuf,
    /// Tệp PDF đã ký cần ghi.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Tệp PDF cần kiểm tra.
    pub file: PathBuf,
    /// Tệp Excel đã gửi kèm: số liệu phải khớp với bản PDF đã ký.
    #[arg(long, value_name = "X.xlsx")]
    pub against: Option<PathBuf>,
    /// Chứng thư số gốc tin cậy (PEM): cho biết chữ ký có do CA này cấp hay không.
    #[arg(long, value_name = "CA.pem")]
    pub trust: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}
