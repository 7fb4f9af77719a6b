// A panic on a user's input, a file or the database is a bug: the shipped
// code never unwraps or expects (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    chitieu_desktop::run();
}
