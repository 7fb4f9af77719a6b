//! A renewed token: the CA's software usually leaves the expired
//! certificate (and its key) on the token beside the new one. `chitieu sign`
//! without `--key` signs with the one valid at the signing time, whatever
//! order the token lists its keys in; `--key` names one, and its problem is
//! reported. (SoftHSM token made here; see tests/sign.rs for the rest.)

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chitieu_sign::sample::{self, Xref};
use common::Cli;

const PIN: &str = "246810";
const TOKEN: &str = "gia-han";
const ORG: &str = "Sở Thông tin và Truyền thông tỉnh Thái Nguyên";

fn run(dir: &Path, cmd: &str, args: &[&str], conf: Option<&Path>) {
    let mut c = Command::new(cmd);
    c.args(args).current_dir(dir);
    if let Some(conf) = conf {
        c.env("SOFTHSM2_CONF", conf);
    }
    let out = c.output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA and, on a fresh token, `cu` (expired on 01/01/2024) then `moi`
/// (valid 2024–2034), both for signing, with distinct holders. Returns the
/// SoftHSM configuration file.
fn renewed_token(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("tokens")).unwrap();
    let ossl = |args: &[&str]| run(dir, "openssl", args, None);
    ossl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "ca.key.pem",
    ]);
    ossl(&[
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
    ]);
    std::fs::write(dir.join("index.txt"), "").unwrap();
    std::fs::write(dir.join("serial"), "2001\n").unwrap();
    std::fs::write(
        dir.join("ca.cnf"),
        "[ ca ]\ndefault_ca = local\n[ local ]\ndir = .\ndatabase = index.txt\nnew_certs_dir = .\n\
         serial = serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\nemail_in_dn = no\n\
         string_mask = utf8only\n[ any ]\ncountryName = optional\norganizationName = optional\n\
         commonName = supplied\n[ signer ]\nkeyUsage = critical,digitalSignature,nonRepudiation\n\
         basicConstraints = CA:FALSE\n",
    )
    .unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.join("tokens").display()
        ),
    )
    .unwrap();
    run(
        dir,
        "softhsm2-util",
        &[
            "--init-token",
            "--free",
            "--label",
            TOKEN,
            "--pin",
            PIN,
            "--so-pin",
            "13579135",
        ],
        Some(&conf),
    );
    let module = common::softhsm_module();
    for (name, id, cn, from, to) in [
        (
            "cu",
            "01",
            "Chứng thư cũ",
            "20230101000000Z",
            "20240101000000Z",
        ),
        (
            "moi",
            "02",
            "Chứng thư mới",
            "20240101000000Z",
            "20341231000000Z",
        ),
    ] {
        let (key, csr, pem, der) = (
            format!("{name}.key.pem"),
            format!("{name}.csr"),
            format!("{name}.pem"),
            format!("{name}.der"),
        );
        ossl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            &key,
        ]);
        ossl(&[
            "req",
            "-new",
            "-key",
            &key,
            "-out",
            &csr,
            "-utf8",
            "-subj",
            &format!("/C=VN/O={ORG}/CN={cn}"),
        ]);
        ossl(&[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-cert",
            "ca.pem",
            "-keyfile",
            "ca.key.pem",
            "-in",
            &csr,
            "-out",
            &pem,
            "-startdate",
            from,
            "-enddate",
            to,
            "-extensions",
            "signer",
            "-utf8",
            "-notext",
        ]);
        ossl(&["x509", "-in", &pem, "-outform", "DER", "-out", &der]);
        run(
            dir,
            "softhsm2-util",
            &[
                "--import", &key, "--token", TOKEN, "--label", name, "--id", id, "--pin", PIN,
            ],
            Some(&conf),
        );
        run(
            dir,
            "pkcs11-tool",
            &[
                "--module",
                module.to_str().unwrap(),
                "--token-label",
                TOKEN,
                "--login",
                "--pin",
                PIN,
                "--write-object",
                &der,
                "--type",
                "cert",
                "--id",
                id,
                "--label",
                name,
            ],
            Some(&conf),
        );
    }
    conf
}

fn sign(cli: &Cli, conf: &Path, input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut c = cli.command(&[
        "sign",
        "--pkcs11",
        common::softhsm_module().to_str().unwrap(),
    ]);
    c.args(extra)
        .arg(input)
        .arg("--out")
        .arg(out)
        .env("CHITIEU_PIN", PIN)
        .env("CHITIEU_NOW", "2026-12-01T03:00:00Z")
        .env("SOFTHSM2_CONF", conf);
    c.output().expect("run chitieu sign")
}

#[test]
fn the_valid_certificate_of_a_renewed_token_signs_the_expired_one_only_when_named() {
    let cli = Cli::new();
    let conf = renewed_token(&cli.path("pki"));
    let input = cli.path("PL01.pdf");
    std::fs::write(&input, sample::pdf(Xref::Table, "PL01", None)).unwrap();

    let out = cli.path("PL01-da-ky.pdf");
    let o = sign(&cli, &conf, &input, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Chứng thư mới"));
    let v = cli.run(&["verify", out.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
    assert_eq!(
        v["signatures"][0]["signer"]["common_name"], "Chứng thư mới",
        "{v}"
    );
    assert_eq!(v["signatures"][0]["intact"], true);

    // Named, the expired one is refused for what it is; nothing written.
    let old = cli.path("PL01-cu.pdf");
    let o = sign(&cli, &conf, &input, &old, &["--key", "cu"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("«Chứng thư cũ» đã hết hạn"), "{err}");
    assert!(!old.exists());
}
