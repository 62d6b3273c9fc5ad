//! Integration tests of chronicler-segment (one binary).

mod ewt;
mod props;
mod seed;

/// The shared data folder beside the project (`../shared`).
pub fn shared() -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    p.is_dir().then(|| p.to_path_buf())
}
