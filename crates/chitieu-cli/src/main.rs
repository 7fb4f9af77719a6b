//! `chitieu`: the command-line front end of chitieu.
//!
//! Thin: each command parses its arguments, calls the core, and prints the
//! result in Vietnamese (or one JSON document with `--json`). Exit status: 0
//! done; 1 refused (bad input, validation errors, a file that cannot be used);
//! 2 usage error.

// A panic on a user's input, a file or the database is a bug: the shipped
// code never unwraps or expects (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod args;
mod commands;
mod edge;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Behave like other Unix tools when the reader goes away (`| head`):
    // end quietly instead of failing to print.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: restoring a signal's default disposition, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return args::usage_error(e),
    };
    let json = cli.json();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            output::refusal(&e, json);
            ExitCode::from(1)
        }
    }
}
