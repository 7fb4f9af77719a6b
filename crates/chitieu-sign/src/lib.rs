//! PAdES signatures on PDF files for chitieu: [`sign()`] a PDF with a key
//! (a PKCS#11 token through [`pkcs11::Token`], or a [`key::SoftwareKey`]),
//! and [`verify()`] every signature a PDF carries, whoever made it.
//!
//! No dependency on chitieu-core, Tauri or any GUI crate.
//!
//! # The signature
//! PAdES B-B (ETSI EN 319 142-1): a CMS SignedData (RFC 5652) with SHA-256,
//! the signer's certificate and the token's issuer certificates embedded,
//! signed attributes content-type, message-digest and
//! signing-certificate-v2; SubFilter `ETSI.CAdES.detached`. It is appended
//! to the PDF as an incremental update: the original bytes stay as they
//! were, followed by a new catalog, AcroForm and page 1, the signature
//! field with its visible block (top right of page 1), the signature
//! dictionary and a cross-reference section of the same kind as the file's
//! last (a classic table, or an xref stream). The /Contents hole is sized
//! from the certificates and the key, and signing refuses cleanly
//! ([`SignError::SignatureTooLarge`]) should the CMS not fit.
//!
//! # Why a PDF parser of its own, not `lopdf`
//! Signing and verifying need little of PDF: the cross-reference sections
//! (tables, streams, object streams, the /Prev chain), a handful of
//! dictionaries (trailer, catalog, page tree down to page 1, AcroForm and
//! its fields, signature dictionaries) and, for signing, the writing of a
//! few objects. `lopdf` loads and parses every object of the file up front,
//! brings `nom`, `encoding_rs`, `chrono`-like and image dependencies, and
//! its limits on nesting and on /Prev loops are not documented ones to lean
//! on with hostile files. The reader here (`pdf/`, ~700 lines) parses only
//! the objects it is asked for, and bounds everything: file size
//! ([`pdf::document::MAX_FILE`]), nesting depth and elements per object
//! ([`pdf::object::MAX_DEPTH`], [`pdf::object::MAX_ELEMENTS`]),
//! cross-reference sections and entries, bytes inflated from streams
//! ([`pdf::document::MAX_INFLATED`]), reference chains, form fields,
//! signatures and the size of a signature ([`verify::MAX_CONTENTS`]).
//! A fuzz target (fuzz/fuzz_targets/verify.rs) and a property test hold it
//! to answering every input with a result or a typed error.

// A panic on a user's input, a file or the database is a bug: the shipped
// code never unwraps or expects (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod appearance;
pub mod cert;
mod cms_build;
pub mod crypto;
pub mod error;
pub mod key;
pub mod pdf;
pub mod pkcs11;
#[doc(hidden)]
pub mod sample;
pub mod sign;
pub mod verify;

pub use cert::Signer;
pub use error::{PdfError, SignError};
pub use key::{KeyKind, SigningKey, SoftwareKey};
pub use sign::{sign, Options};
pub use verify::{verify, SignatureReport, Verification, FIGURES_HASH_KEY};
