//! Timing of HTML extraction and JSON Lines reading on generated input: `cargo run --release -p
//! chronicler-ingest --example html_timing`.
use chronicler_ingest::{Ingestor, Kind};
fn main() {
    let ing = Ingestor::default();
    let para = "<p>The council met on Tuesday to discuss the budget for the coming year, and the mayor said that the new bridge would open in the spring if the weather allowed the work to go on.</p>\n";
    for n in [10usize, 100, 1000, 10000] {
        let html = format!("<html><head><title>T</title></head><body><div class=\"nav\"><a href=\"/\">Home</a></div><article>{}</article></body></html>", para.repeat(n));
        let t = std::time::Instant::now();
        let doc = ing.from_bytes("x", html.as_bytes(), Kind::Html).unwrap();
        let e = t.elapsed();
        println!(
            "{n} paragraphs, {} bytes: {:?} ({:.1} MB/s), text {} bytes",
            html.len(),
            e,
            html.len() as f64 / e.as_secs_f64() / 1e6,
            doc.text().len()
        );
    }
    let text = "The council met on Tuesday to discuss the budget, and the mayor said the bridge would open in the spring. ".repeat(40);
    let mut jsonl = String::new();
    for i in 0..20_000 {
        jsonl.push_str(&format!(
            "{{\"id\":{i},\"date\":\"2020-01-02\",\"text\":\"{text}\"}}\n"
        ));
    }
    let t = std::time::Instant::now();
    let n = ing
        .read_reader("feed", std::io::Cursor::new(jsonl.clone().into_bytes()))
        .filter(|d| d.is_ok())
        .count();
    let e = t.elapsed();
    println!(
        "JSON Lines: {n} records, {} bytes: {:?} ({:.0} MB/s)",
        jsonl.len(),
        e,
        jsonl.len() as f64 / e.as_secs_f64() / 1e6
    );
    let deep = format!(
        "<html><body>{}<p>x</p></body></html>",
        "<div>".repeat(2_000_000)
    );
    let t = std::time::Instant::now();
    let r = ing.from_bytes("deep", deep.as_bytes(), Kind::Html);
    println!(
        "2M nested divs: {:?} in {:?}",
        r.map(|_| ()).map_err(|e| e.message()),
        t.elapsed()
    );
}
