//! Links everything the CLI uses of chitieu-sign (signing through a token,
//! verifying), so that a release build of this example measures what the
//! crate adds to a binary (BENCHMARKS.md). Usage: size MODULE FILE.pdf
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(module), Some(file)) = (args.get(1), args.get(2)) else {
        eprintln!("size MODULE FILE.pdf");
        return;
    };
    let pdf = std::fs::read(file).unwrap_or_default();
    match chitieu_sign::verify(&pdf, None) {
        Ok(v) => println!("{} chữ ký", v.signatures.len()),
        Err(e) => println!("{e}"),
    }
    let choice = chitieu_sign::pkcs11::Choice {
        module: Path::new(module),
        token: None,
        key: None,
        at: None,
    };
    let options = chitieu_sign::Options {
        signed_at: time::OffsetDateTime::UNIX_EPOCH,
    };
    match chitieu_sign::pkcs11::Token::open(&choice, "")
        .and_then(|mut t| chitieu_sign::sign(&pdf, &mut t, &options))
    {
        Ok(b) => println!("{} byte", b.len()),
        Err(e) => println!("{e}"),
    }
}
