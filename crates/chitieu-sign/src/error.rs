//! Errors, each one Vietnamese sentence for the person at the keyboard.
//! None of them ever carries the PIN.

/// A PDF that cannot be read (damaged, hostile, or beyond the limits).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("Tệp PDF bị cắt cụt hoặc hỏng (thiếu phần cuối); hãy lấy lại bản gốc của tệp.")]
    Truncated,
    #[error("Tệp PDF hỏng: cú pháp sai ở byte {0}; hãy lấy lại bản gốc của tệp.")]
    Syntax(usize),
    #[error("Tệp PDF có đối tượng lồng nhau quá sâu: tệp hỏng hoặc cố ý gây hại, không đọc tiếp.")]
    TooDeep,
    #[error("Tệp PDF có đối tượng quá lớn hoặc quá nhiều đối tượng: tệp hỏng hoặc cố ý gây hại, không đọc tiếp.")]
    TooComplex,
    #[error(
        "Tệp PDF quá lớn ({size} byte, giới hạn {limit} byte): đây không phải một biểu báo cáo."
    )]
    TooLarge { size: usize, limit: usize },
    #[error("Tệp PDF không có bảng tham chiếu đối tượng (startxref) đọc được: tệp hỏng hoặc không phải PDF.")]
    NoXref,
    #[error(
        "Tệp PDF có chuỗi cập nhật (/Prev) quay vòng hoặc quá dài: tệp hỏng hoặc cố ý gây hại."
    )]
    XrefLoop,
    #[error("Tệp PDF thiếu đối tượng số {0}: tệp hỏng.")]
    MissingObject(u32),
    #[error(
        "Tệp PDF có một luồng nén hỏng hoặc quá lớn khi giải nén: tệp hỏng hoặc cố ý gây hại."
    )]
    Stream,
    #[error("Tệp PDF không có trang nào để đặt chữ ký.")]
    NoPage,
    #[error("Tệp PDF được mã hoá (có mật khẩu): hãy xuất lại bản không mật khẩu rồi ký.")]
    Encrypted,
    #[error("Một chữ ký trong tệp PDF trỏ ra ngoài tệp (ByteRange sai): tệp hỏng hoặc đã bị sửa.")]
    ByteRangeOutside,
    #[error("Vùng được ký (ByteRange) của một chữ ký không hợp lệ: tệp hỏng hoặc đã bị sửa.")]
    BadByteRange,
    #[error("Chữ ký trong tệp PDF lớn bất thường (trên {limit} byte): tệp hỏng hoặc cố ý gây hại, không đọc.")]
    ContentsTooLarge { limit: usize },
    #[error("Tệp PDF có quá nhiều chữ ký (trên {limit}): không đọc tiếp.")]
    TooManySignatures { limit: usize },
}

/// Why a signature could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("Mã PIN không đúng; hãy nhập lại (nhập sai nhiều lần, token sẽ bị khoá).")]
    WrongPin,
    #[error("Token đã bị khoá vì nhập sai mã PIN quá số lần cho phép; hãy liên hệ nơi cấp chứng thư số để mở khoá.")]
    TokenLocked,
    #[error("Không thấy token nào{}: hãy cắm token vào máy (và cài trình điều khiển của nó) rồi thử lại.", label_suffix(.label, " có nhãn"))]
    NoToken { label: Option<String> },
    #[error("Không có khoá ký{} trên token: hãy kiểm tra nhãn khoá hoặc bỏ tham số --key.", label_suffix(.label, " có nhãn"))]
    NoKey { label: Option<String> },
    #[error("Token không có chứng thư số đi kèm khoá ký: hãy dùng token do nơi cấp chứng thư số cài đặt.")]
    NoCertificate,
    #[error(
        "Chứng thư số của «{holder}» đã hết hạn từ {until}: hãy gia hạn chứng thư số rồi ký lại."
    )]
    CertificateExpired { holder: String, until: String },
    #[error("Chứng thư số của «{holder}» chỉ có hiệu lực từ {from}: chưa ký được; hãy kiểm tra đồng hồ máy tính.")]
    CertificateNotYetValid { holder: String, from: String },
    #[error("Chứng thư số của «{holder}» không dùng để ký số (thiếu mục đích ký số trong Key Usage): hãy chọn chứng thư ký số của token.")]
    NotForSigning { holder: String },
    #[error("Chứng thư số trên token không đọc được: hãy liên hệ nơi cấp chứng thư số.")]
    BadCertificate,
    #[error("Không nạp được trình điều khiển token «{module}»: hãy kiểm tra đường dẫn và cài lại phần mềm của token.")]
    ModuleNotLoadable { module: String },
    #[error("Token báo lỗi {code} khi {doing}: hãy rút token ra, cắm lại rồi thử lại.")]
    Token { code: String, doing: &'static str },
    #[error("Loại khoá trên token chưa được hỗ trợ (chỉ RSA và ECDSA P-256): hãy liên hệ nơi cấp chứng thư số.")]
    UnsupportedKey,
    #[error("Chữ ký ({needed} byte) lớn hơn chỗ dành sẵn trong tệp ({reserved} byte): không ghi gì; hãy báo lỗi này cho nhà phát triển.")]
    SignatureTooLarge { needed: usize, reserved: usize },
    #[error("{0}")]
    Pdf(#[from] PdfError),
}

fn label_suffix(label: &Option<String>, prefix: &str) -> String {
    match label {
        Some(l) => format!("{prefix} «{l}»"),
        None => String::new(),
    }
}
