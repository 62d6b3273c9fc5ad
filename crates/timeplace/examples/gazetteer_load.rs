//! Times building the gazetteer from `data/places/` (run from the repository root):
//! `cargo run --release -p chronicler-timeplace --example gazetteer_load`.

use chronicler_timeplace::Gazetteer;
use std::time::Instant;

fn main() {
    let read = |f: &str| std::fs::read_to_string(format!("data/places/{f}")).unwrap_or_default();
    let (p, d, r, s) = (
        read("places.tsv"),
        read("divisions.tsv"),
        read("regions.tsv"),
        read("stoplist.txt"),
    );
    for _ in 0..5 {
        let t = Instant::now();
        match Gazetteer::from_tsv(&p, &d, &r, &s) {
            Ok(g) => println!(
                "{} places in {:.1} ms",
                g.len(),
                t.elapsed().as_secs_f64() * 1e3
            ),
            Err(e) => println!("error: {e}"),
        }
    }
}
