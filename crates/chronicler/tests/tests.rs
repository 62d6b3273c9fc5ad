//! Integration tests of the `chronicler` binary: one test binary for all
//! (see `autotests = false` in Cargo.toml).

mod cli;
mod props;
mod seed;
