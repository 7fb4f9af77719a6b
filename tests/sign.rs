//! `chitieu sign` and `chitieu verify` with a software token: a throw-away
//! CA and signer certificate (openssl), their key in a fresh SoftHSM token
//! (SOFTHSM2_CONF in a temporary folder), PDFs made here by hand (classic
//! xref table, xref stream) and by LibreOffice from a chitieu export.
//! Independent readers judge the result: poppler's `pdfsig` and pyHanko;
//! pyHanko also signs, for `chitieu verify` to read. (`make test` installs
//! softhsm2, opensc, poppler-utils, LibreOffice and pyHanko; without them
//! these tests fail rather than pretend.)

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chitieu_sign::sample::{self, Xref};
use common::Cli;
use serde_json::Value;

const PIN: &str = "246810";
const SO_PIN: &str = "13579135";
const TOKEN: &str = "chitieu-test";

/// The throw-away PKI and token, made once per run.
struct Pki {
    dir: PathBuf,
    module: PathBuf,
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn openssl(dir: &Path, args: &[&str]) {
    run(Command::new("openssl").args(args).current_dir(dir));
}

/// A key and a certificate issued by the test CA: `name`.key.pem (PKCS#8),
/// `name`.der; `days` of validity from now; `usage` its key usage.
fn issue(dir: &Path, name: &str, subject: &str, usage: &str, days: &str) {
    let key = format!("{name}.key.pem");
    let csr = format!("{name}.csr");
    let ext = format!("{name}.ext");
    let pem = format!("{name}.pem");
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            &key,
        ],
    );
    openssl(
        dir,
        &[
            "req", "-new", "-key", &key, "-out", &csr, "-utf8", "-subj", subject,
        ],
    );
    std::fs::write(
        dir.join(&ext),
        format!("keyUsage=critical,{usage}\nbasicConstraints=CA:FALSE\n"),
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key.pem",
            "-CAcreateserial",
            "-days",
            days,
            "-extfile",
            &ext,
            "-out",
            &pem,
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-in",
            &pem,
            "-outform",
            "DER",
            "-out",
            &format!("{name}.der"),
        ],
    );
}

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sign-pki-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("tokens")).unwrap();
        openssl(
            &dir,
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                "ca.key.pem",
            ],
        );
        openssl(
            &dir,
            &[
                "req",
                "-x509",
                "-new",
                "-key",
                "ca.key.pem",
                "-out",
                "ca.pem",
                "-days",
                "3650",
                "-utf8",
                "-subj",
                "/C=VN/O=CA thử nghiệm chitieu/CN=CA thử nghiệm chitieu",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        openssl(
            &dir,
            &["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"],
        );
        issue(
            &dir,
            "signer",
            "/C=VN/O=Sở Thông tin và Truyền thông tỉnh Thái Nguyên/CN=Nguyễn Thị Hồng Hạnh",
            "digitalSignature,nonRepudiation",
            "30",
        );
        issue(
            &dir,
            "crypt",
            "/C=VN/O=Sở Thông tin và Truyền thông tỉnh Thái Nguyên/CN=Khoá mã hoá",
            "keyEncipherment",
            "30",
        );
        // A PKCS#12 of the signer for pyHanko's own signing.
        openssl(
            &dir,
            &[
                "pkcs12",
                "-export",
                "-inkey",
                "signer.key.pem",
                "-in",
                "signer.pem",
                "-certfile",
                "ca.pem",
                "-out",
                "signer.p12",
                "-passout",
                "pass:p12pass",
            ],
        );
        std::fs::write(
            dir.join("softhsm2.conf"),
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                dir.join("tokens").display()
            ),
        )
        .unwrap();
        let module = common::softhsm_module();
        let hsm = |args: &[&str]| {
            run(Command::new("softhsm2-util")
                .args(args)
                .env("SOFTHSM2_CONF", dir.join("softhsm2.conf"))
                .current_dir(&dir));
        };
        hsm(&[
            "--init-token",
            "--free",
            "--label",
            TOKEN,
            "--pin",
            PIN,
            "--so-pin",
            SO_PIN,
        ]);
        for (name, id) in [("signer", "01"), ("crypt", "02")] {
            hsm(&[
                "--import",
                &format!("{name}.key.pem"),
                "--token",
                TOKEN,
                "--label",
                name,
                "--id",
                id,
                "--pin",
                PIN,
            ]);
        }
        for (file, id, label) in [
            ("signer.der", "01", "signer"),
            ("crypt.der", "02", "crypt"),
            ("ca.der", "99", "ca"),
        ] {
            run(Command::new("pkcs11-tool")
                .args([
                    "--module",
                    module.to_str().unwrap(),
                    "--token-label",
                    TOKEN,
                    "--login",
                    "--pin",
                    PIN,
                ])
                .args([
                    "--write-object",
                    file,
                    "--type",
                    "cert",
                    "--id",
                    id,
                    "--label",
                    label,
                ])
                .env("SOFTHSM2_CONF", dir.join("softhsm2.conf"))
                .current_dir(&dir));
        }
        Pki { dir, module }
    })
}

/// The clock of the signing commands: now (the certificates were made now).
fn now_plus(days: i64) -> String {
    // The certificates are made first: «now» is not before them.
    pki();
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + days * 86_400;
    // RFC 3339 from the Unix time, by hand (no date crate here).
    let (d, s) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, day) = civil(d);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `chitieu sign` on `input`; the PIN from CHITIEU_PIN.
fn sign(cli: &Cli, input: &Path, out: &Path, pin: &str, extra: &[&str], now: &str) -> Output {
    let p = pki();
    let mut c = cli.command(&["sign", "--pkcs11", p.module.to_str().unwrap()]);
    c.args(extra)
        .arg(input)
        .arg("--out")
        .arg(out)
        .env("CHITIEU_PIN", pin)
        .env("CHITIEU_NOW", now)
        .env("SOFTHSM2_CONF", p.dir.join("softhsm2.conf"));
    c.output().expect("run chitieu sign")
}

fn sign_ok(cli: &Cli, input: &Path, out: &Path) {
    let o = sign(cli, input, out, PIN, &["--token", TOKEN], &now_plus(0));
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn verify(cli: &Cli, file: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["verify", file.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let o = cli.run(&args);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| {
        panic!(
            "JSON: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o.status.code(), v)
}

fn pdfsig(file: &Path) -> String {
    let o = Command::new("pdfsig")
        .arg(file)
        .output()
        .expect("pdfsig (poppler-utils) is installed");
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn python() -> PathBuf {
    std::env::var_os("CHITIEU_PYTHON")
        .map(PathBuf::from)
        .filter(|p| p.exists())
        .or_else(|| {
            let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pyhanko/bin/python3");
            venv.exists().then_some(venv)
        })
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// pyHanko's verdict on each signature: "intact valid COVERAGE trusted".
fn pyhanko_validate(file: &Path) -> Vec<String> {
    let script = r#"
import sys
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.keys import load_cert_from_pemder
from pyhanko_certvalidator import ValidationContext
with open(sys.argv[1], 'rb') as f:
    r = PdfFileReader(f, strict=False)
    vc = ValidationContext(trust_roots=[load_cert_from_pemder(sys.argv[2])], allow_fetching=False)
    for s in r.embedded_signatures:
        st = validate_pdf_signature(s, vc)
        print(st.intact, st.valid, st.coverage.name, st.trusted)
"#;
    let o = run(Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(file)
        .arg(pki().dir.join("ca.pem")));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// pyHanko signs `input` into `out`: from the PKCS#12 (`adbe.pkcs7.detached`)
/// or from the SoftHSM token (PAdES).
fn pyhanko_sign(input: &Path, out: &Path, from_token: bool) {
    let p = pki();
    let script = r#"
import sys
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
src, dst, mode, d = sys.argv[1:5]
if mode == 'token':
    from pyhanko.sign import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    session = pkcs11.open_pkcs11_session(sys.argv[5], token_criteria=TokenCriteria(label='chitieu-test'), user_pin=sys.argv[6])
    signer = pkcs11.PKCS11Signer(session, cert_label='signer', key_label='signer', other_certs_to_pull=())
    sub = SigSeedSubFilter.PADES
else:
    signer = signers.SimpleSigner.load_pkcs12(d + '/signer.p12', passphrase=b'p12pass')
    sub = SigSeedSubFilter.ADOBE_PKCS7_DETACHED
with open(src, 'rb') as f:
    w = IncrementalPdfFileWriter(f, strict=False)
    meta = signers.PdfSignatureMetadata(field_name='PyHanko', subfilter=sub)
    with open(dst, 'wb') as o:
        signers.sign_pdf(w, meta, signer=signer, output=o)
"#;
    run(Command::new(python())
        .arg("-c")
        .arg(script)
        .arg(input)
        .arg(out)
        .arg(if from_token { "token" } else { "p12" })
        .arg(&p.dir)
        .arg(&p.module)
        .arg(PIN)
        .env("SOFTHSM2_CONF", p.dir.join("softhsm2.conf")));
}

const HASH: &str = "0b5a3c9d1e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b";

#[test]
fn a_token_signature_is_valid_for_pdfsig_and_pyhanko_on_both_xref_kinds() {
    let cli = Cli::new();
    for kind in [Xref::Stream, Xref::Table] {
        let input = cli.path(&format!("{kind:?}.pdf"));
        std::fs::write(&input, sample::pdf(kind, "Phu luc 01", Some(HASH))).unwrap();
        let out = cli.path(&format!("{kind:?}-signed.pdf"));
        sign_ok(&cli, &input, &out);
        let original = std::fs::read(&input).unwrap();
        let signed = std::fs::read(&out).unwrap();
        assert_eq!(
            &signed[..original.len()],
            &original[..],
            "an incremental update"
        );

        let sig = pdfsig(&out);
        assert!(sig.contains("Signature is Valid"), "{kind:?}: {sig}");
        assert!(sig.contains("Total document signed"), "{kind:?}: {sig}");
        assert!(sig.contains("Nguyễn Thị Hồng Hạnh"), "{sig}");
        assert_eq!(
            pyhanko_validate(&out),
            ["True True ENTIRE_FILE True"],
            "{kind:?}"
        );

        let (code, v) = verify(&cli, &out, &[]);
        assert_eq!(code, Some(0), "{v}");
        let s = &v["signatures"][0];
        assert_eq!(s["intact"], true);
        assert_eq!(s["covers_whole_document"], true);
        assert_eq!(s["trusted"], Value::Null);
        assert_eq!(s["signer"]["common_name"], "Nguyễn Thị Hồng Hạnh");
        assert_eq!(
            s["signer"]["organization"],
            "Sở Thông tin và Truyền thông tỉnh Thái Nguyên"
        );
        assert!(s["signed_at"].as_str().unwrap().ends_with("+07:00"), "{s}");
        assert_eq!(v["figures_hash"], HASH);
        assert_eq!(v["matches_submission"], Value::Null);
        let ca = pki().dir.join("ca.pem");
        let (_, trusted) = verify(&cli, &out, &["--trust", ca.to_str().unwrap()]);
        assert_eq!(trusted["signatures"][0]["trusted"], true);
    }
}

#[test]
fn one_altered_byte_is_caught_by_pdfsig_pyhanko_and_verify() {
    let cli = Cli::new();
    let input = cli.path("in.pdf");
    std::fs::write(&input, sample::pdf(Xref::Stream, "Phu luc 01", None)).unwrap();
    let out = cli.path("signed.pdf");
    sign_ok(&cli, &input, &out);
    let mut bytes = std::fs::read(&out).unwrap();
    let at = bytes.windows(10).position(|w| w == b"Phu luc 01").unwrap();
    bytes[at + 8] = b'7';
    let altered = cli.path("altered.pdf");
    std::fs::write(&altered, &bytes).unwrap();

    let sig = pdfsig(&altered);
    assert!(!sig.contains("Signature is Valid"), "{sig}");
    assert!(
        sig.contains("Invalid") || sig.contains("Digest Mismatch"),
        "{sig}"
    );
    assert!(
        pyhanko_validate(&altered)[0].starts_with("False"),
        "{:?}",
        pyhanko_validate(&altered)
    );
    let (code, v) = verify(&cli, &altered, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(v["signatures"][0]["intact"], false);
    // The text report says it plainly.
    let text = cli.run(&["verify", altered.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("KHÔNG nguyên vẹn"), "{text}");
}

#[test]
fn pyhanko_signatures_are_read_by_verify() {
    let cli = Cli::new();
    let input = cli.path("in.pdf");
    std::fs::write(&input, sample::pdf(Xref::Table, "Phu luc 01", Some(HASH))).unwrap();
    let ca = pki().dir.join("ca.pem");
    for from_token in [false, true] {
        let out = cli.path(&format!("pyhanko-{from_token}.pdf"));
        pyhanko_sign(&input, &out, from_token);
        let (code, v) = verify(&cli, &out, &["--trust", ca.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{v}");
        let s = &v["signatures"][0];
        assert_eq!(s["intact"], true, "{s}");
        assert_eq!(s["covers_whole_document"], true);
        assert_eq!(s["trusted"], true);
        assert_eq!(s["signer"]["common_name"], "Nguyễn Thị Hồng Hạnh");
        let expected = if from_token {
            "ETSI.CAdES.detached"
        } else {
            "adbe.pkcs7.detached"
        };
        assert_eq!(s["sub_filter"], expected);
        assert_eq!(v["figures_hash"], HASH);
        // chitieu signs after pyHanko: both intact, the first no longer whole.
        let twice = cli.path(&format!("twice-{from_token}.pdf"));
        sign_ok(&cli, &out, &twice);
        let (code, v) = verify(&cli, &twice, &[]);
        assert_eq!(code, Some(0), "{v}");
        assert_eq!(v["signatures"][0]["covers_whole_document"], false);
        assert_eq!(v["signatures"][1]["covers_whole_document"], true);
        assert!(
            pdfsig(&twice).matches("Signature is Valid").count() == 2,
            "{}",
            pdfsig(&twice)
        );
    }
}

#[test]
fn refusals_are_vietnamese_and_write_nothing() {
    let cli = Cli::new();
    let input = cli.path("in.pdf");
    std::fs::write(&input, sample::pdf(Xref::Stream, "x", None)).unwrap();
    let out = cli.path("out.pdf");
    let now = now_plus(0);
    let cases: Vec<(&str, Vec<&str>, String, &str)> = vec![
        (
            "wrong PIN",
            vec!["--token", TOKEN],
            now.clone(),
            "Mã PIN không đúng",
        ),
        (
            "no token",
            vec!["--token", "khong-co"],
            now.clone(),
            "Không thấy token nào có nhãn «khong-co»",
        ),
        (
            "no key",
            vec!["--key", "khong-co"],
            now.clone(),
            "Không có khoá ký có nhãn «khong-co»",
        ),
        ("expired", vec![], now_plus(45), "đã hết hạn"),
        ("not yet valid", vec![], now_plus(-2), "chỉ có hiệu lực từ"),
        (
            "no signing usage",
            vec!["--key", "crypt"],
            now.clone(),
            "không dùng để ký số",
        ),
    ];
    for (what, extra, now, expected) in cases {
        let pin = if what == "wrong PIN" { "000000" } else { PIN };
        let o = sign(&cli, &input, &out, pin, &extra, &now);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains(expected), "{what}: {err}");
        assert!(err.contains("Không có gì được ghi"), "{what}: {err}");
        assert!(
            !err.contains(PIN) && !err.contains("000000"),
            "{what}: the PIN never shows"
        );
        assert!(!out.exists(), "{what}: nothing written");
    }
    // A module that cannot be loaded.
    let mut c = cli.command(&[
        "sign",
        "--pkcs11",
        "/khong/co/driver.so",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let o = c.env("CHITIEU_PIN", PIN).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Không nạp được trình điều khiển token"),
        "{err}"
    );
    assert!(!out.exists());
}

/// chitieu's export of the base fixture's figures (Thái Nguyên, 2024-Q2).
/// With `pdf`, the rendition is written there too (`export --pdf`).
fn exported(cli: &Cli, pdf: Option<&Path>) -> PathBuf {
    let base = common::fixtures().join("import/base.xlsx");
    cli.ok(&["import", base.to_str().unwrap()]);
    let xlsx = cli.path("PL01.xlsx");
    let out = xlsx.to_str().unwrap();
    let mut args = vec![
        "export",
        "--unit",
        "THAI-NGUYEN",
        "--period",
        "2024-Q2",
        "--out",
        out,
    ];
    if let Some(pdf) = pdf {
        args.extend(["--pdf", pdf.to_str().unwrap()]);
    }
    cli.ok(&args);
    xlsx
}

#[test]
fn the_pdf_is_checked_against_the_excel_file() {
    let cli = Cli::new();
    let xlsx = exported(&cli, None);
    // The figures hash the export wrote (docProps/custom.xml).
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut custom = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("docProps/custom.xml").unwrap(),
        &mut custom,
    )
    .unwrap();
    let at = custom.find("chitieu.figures_sha256").unwrap();
    let open = at + custom[at..].find("<vt:lpwstr>").unwrap() + "<vt:lpwstr>".len();
    let hash = &custom[open..open + 64];

    for (name, carried, matches, code) in [("same", hash, true, 0), ("other", HASH, false, 1)] {
        let input = cli.path(&format!("{name}.pdf"));
        std::fs::write(
            &input,
            sample::pdf(Xref::Stream, "Phu luc 01", Some(carried)),
        )
        .unwrap();
        let signed = cli.path(&format!("{name}-signed.pdf"));
        sign_ok(&cli, &input, &signed);
        let (c, v) = verify(&cli, &signed, &["--against", xlsx.to_str().unwrap()]);
        assert_eq!(c, Some(code), "{v}");
        assert_eq!(v["matches_submission"], matches, "{v}");
    }
}

#[test]
fn a_libreoffice_pdf_is_signed_and_says_its_hash_is_absent() {
    let cli = Cli::new();
    let xlsx = exported(&cli, None);
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        cli.dir.path().display()
    );
    run(Command::new("soffice")
        .args(["--headless", &profile, "--convert-to", "pdf"])
        .arg(&xlsx)
        .current_dir(cli.dir.path()));
    let pdf = cli.path("PL01.pdf");
    let signed = cli.path("PL01-signed.pdf");
    sign_ok(&cli, &pdf, &signed);
    let sig = pdfsig(&signed);
    assert!(
        sig.contains("Signature is Valid") && sig.contains("Total document signed"),
        "{sig}"
    );
    assert_eq!(pyhanko_validate(&signed), ["True True ENTIRE_FILE True"]);
    let (code, v) = verify(&cli, &signed, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(v["figures_hash"], Value::Null);
    let text = cli.run(&["verify", signed.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("không mang mã băm số liệu"), "{text}");
    assert!(text.contains("câu hỏi riêng"), "{text}");
}

#[test]
fn a_hostile_pdf_gets_a_vietnamese_message() {
    let cli = Cli::new();
    let input = cli.path("in.pdf");
    std::fs::write(&input, sample::pdf(Xref::Stream, "x", None)).unwrap();
    let out = cli.path("signed.pdf");
    sign_ok(&cli, &input, &out);
    let bytes = std::fs::read(&out).unwrap();
    let cut = cli.path("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() - 300]).unwrap();
    let o = cli.run(&["verify", cut.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "pdf-unreadable", "{v}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("Tệp PDF"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Issue 20, point 1 with point 2: chitieu's own rendition (`export --pdf`)
/// signed with the token; pdfsig and pyHanko find it valid, verify ties it
/// to the Excel file, and the block sits where the form left room for it.
#[test]
fn the_exported_rendition_is_signed_in_its_free_corner() {
    let cli = Cli::new();
    let pdf = cli.path("PL01.pdf");
    let xlsx = exported(&cli, Some(&pdf));
    let signed = cli.path("PL01-signed.pdf");
    sign_ok(&cli, &pdf, &signed);
    let sig = pdfsig(&signed);
    assert!(sig.contains("Signature is Valid"), "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");
    assert_eq!(pyhanko_validate(&signed), ["True True ENTIRE_FILE True"]);
    let (code, v) = verify(&cli, &signed, &["--against", xlsx.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["matches_submission"], true, "{v}");
    assert_eq!(v["signatures"][0]["intact"], true, "{v}");
    // The page's own text stays out of the block's rectangle (28 pt from
    // the top and right edges, 230 × 54 pt; pdftotext's origin is top
    // left); once signed, the block's words are there, wholly inside.
    let (x0, y0, x1, y1) = (841.89 - 28.0 - 230.0, 28.0, 841.89 - 28.0, 82.0);
    let in_box = |file: &Path| -> Vec<(String, bool)> {
        let o = Command::new("pdftotext")
            .args(["-bbox", "-f", "1", "-l", "1"])
            .arg(file)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        let html = String::from_utf8_lossy(&o.stdout).into_owned();
        let attr = |line: &str, name: &str| -> f64 {
            let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[at..at + line[at..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        let words: Vec<&str> = html
            .lines()
            .filter(|l| l.trim_start().starts_with("<word "))
            .collect();
        assert!(words.len() > 50, "{html}");
        words
            .into_iter()
            .filter(|w| {
                attr(w, "xMin") < x1
                    && attr(w, "xMax") > x0
                    && attr(w, "yMin") < y1
                    && attr(w, "yMax") > y0
            })
            .map(|w| {
                let inside = attr(w, "xMin") >= x0 - 0.5
                    && attr(w, "xMax") <= x1 + 0.5
                    && attr(w, "yMin") >= y0 - 0.5
                    && attr(w, "yMax") <= y1 + 0.5;
                (w.to_owned(), inside)
            })
            .collect()
    };
    assert_eq!(in_box(&pdf), vec![], "the form leaves the corner empty");
    let block = in_box(&signed);
    assert!(block.iter().any(|(w, _)| w.contains(">Ký<")), "{block:?}");
    assert!(block.iter().all(|(_, inside)| *inside), "{block:?}");
}
