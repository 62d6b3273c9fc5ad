//! Embeds every `data/actors/people/*.tsv` and `data/actors/people/*/*.tsv`
//! present at build time (the subfolders hold earlier decades, which the NER
//! gazetteer does not read, so that adding them leaves `models/ner.bin`
//! reproducible): writes `$OUT_DIR/people_files.rs` with one `include_str!`
//! per file (sorted by path) and asks cargo to re-run when a folder or a
//! file changes.

use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = manifest.join("../../data/actors");
    let people = data.join("people");
    println!("cargo:rerun-if-changed={}", people.display());
    for f in ["countries.tsv", "igos.tsv", "agents.tsv"] {
        println!("cargo:rerun-if-changed={}", data.join(f).display());
    }
    let entries = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    };
    let is_tsv = |p: &PathBuf| p.extension().is_some_and(|x| x == "tsv");
    let mut files: Vec<PathBuf> = Vec::new();
    for p in entries(&people) {
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            files.extend(entries(&p).into_iter().filter(is_tsv));
        } else if is_tsv(&p) {
            files.push(p);
        }
    }
    files.sort();
    let mut out = String::from("/// Embedded people files: (file name, contents).\npub(crate) static PEOPLE_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .strip_prefix(&people)
            .map(|n| n.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let abs = f.canonicalize().unwrap_or_else(|_| f.clone());
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("people/{name}"),
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("people_files.rs");
    std::fs::write(dest, out).expect("write people_files.rs");
}
