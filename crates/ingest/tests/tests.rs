//! Integration tests of chronicler-ingest through its public API, on
//! fixtures written here (sentences of our own).

use chronicler_ingest::{
    DateSource, DocError, Document, Error, IngestOptions, Ingestor, Kind, NaiveDate,
};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

fn ingest() -> Ingestor {
    Ingestor::new(IngestOptions::default())
}

fn read_all(ing: &Ingestor, paths: &[PathBuf]) -> Vec<Result<Document, DocError>> {
    ing.read_paths(paths).collect()
}

/// Ids of documents and `!id` for errors.
fn ids(items: &[Result<Document, DocError>]) -> Vec<String> {
    items
        .iter()
        .map(|r| match r {
            Ok(d) => d.meta.id.clone(),
            Err(e) => format!("!{}", e.id),
        })
        .collect()
}

const ARTICLE_P: [&str; 4] = [
    "The river authority said on Tuesday that the northern dam would reopen its gates after \
     three weeks of repairs, ending a dispute with farmers downstream who had complained \
     about the falling water level in their irrigation channels.",
    "Engineers replaced two of the four steel gates and tested the spillway, the authority's \
     director told reporters at a briefing in the town hall, adding that the work had cost \
     less than the budget approved by the regional council in the spring.",
    "Farmers' groups welcomed the decision but asked for a written schedule of releases for \
     the rest of the season, saying that they could not plan their planting without knowing \
     how much water would reach their fields each week.",
    "The council is expected to discuss the schedule at its next meeting, and a spokeswoman \
     said the authority would publish the figures on its website before then.",
];

fn article_page(head: &str, extra_body: &str) -> String {
    let paras: String = ARTICLE_P.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html><head><title>Dam reopens | The Valley Post</title>{head}</head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><h1>Dam reopens after repairs</h1>{extra_body}{paras}</article>\
         <footer>Copyright The Valley Post</footer></body></html>"
    )
}

// ---------------------------------------------------------------- errors

#[test]
fn missing_path_is_an_error_item_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", b"The mayor opened the bridge.");
    let missing = dir.path().join("nope.txt");
    let items = read_all(&ingest(), &[missing.clone(), good]);
    assert_eq!(items.len(), 2);
    let err = items[0].as_ref().unwrap_err();
    assert_eq!(err.id, missing.display().to_string());
    assert_eq!(
        err.message(),
        format!("no such file or directory: {}", missing.display())
    );
    assert_eq!(items[1].as_ref().unwrap().meta.id, "good");
}

#[test]
fn empty_and_blank_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", b"");
    let b = write(dir.path(), "b.txt", b" \r\n\t\n");
    let c = write(dir.path(), "c.html", b"");
    for item in read_all(&ingest(), &[a, b, c]) {
        let err = item.unwrap_err();
        assert_eq!(err.error, Error::Empty, "{err}");
        assert_eq!(err.message(), "empty document");
    }
}

#[test]
fn binary_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    bytes.extend((0u8..=255).cycle().take(4000));
    let path = write(dir.path(), "tool.txt", &bytes);
    let err = read_all(&ingest(), &[path]).remove(0).unwrap_err();
    assert_eq!(err.id, "tool");
    assert!(matches!(err.error, Error::Binary { .. }), "{err}");
    assert!(err.message().starts_with("binary file: "), "{err}");
}

#[test]
fn latin1_file_is_decoded_as_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "cafe.txt",
        b"The caf\xe9 on the square re-opened, its owner said: \x93We are back.\x94",
    );
    let doc = read_all(&ingest(), &[path]).remove(0).unwrap();
    assert_eq!(
        doc.text(),
        "The café on the square re-opened, its owner said: “We are back.”"
    );
}

#[test]
fn utf16_with_bom_is_decoded() {
    let text = "Die Brücke über den Fluss wurde am Montag eröffnet.\r\nZweite Zeile.";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let doc = ingest().from_bytes("de", &le, Kind::Auto).unwrap();
    assert_eq!(
        doc.text(),
        "Die Brücke über den Fluss wurde am Montag eröffnet.\nZweite Zeile."
    );
}

#[test]
fn malformed_jsonl_line_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "feed.jsonl",
        b"{\"id\": \"a\", \"text\": \"The first story is short.\"}\n\
          {\"id\": 2, \"text\": \"The second one too.\"}\n\
          {\"id\": \"c\", \"text\": \"broken\n\
          \n\
          {\"title\": \"no body\"}\n\
          {\"text\": \"The last story has no id.\"}\n",
    );
    let items = read_all(&ingest(), std::slice::from_ref(&path));
    let p = path.display().to_string();
    assert_eq!(
        ids(&items),
        vec![
            "a".to_string(),
            "2".to_string(),
            format!("!{p}:3"),
            format!("!{p}:5"),
            format!("{p}:6"),
        ]
    );
    let bad = items[2].as_ref().unwrap_err();
    assert_eq!(bad.line, Some(3));
    assert!(
        bad.message().starts_with("line 3: invalid JSON: "),
        "{}",
        bad.message()
    );
    let missing = items[3].as_ref().unwrap_err();
    assert_eq!(
        missing.message(),
        "line 5: expected a \"text\" or \"html\" field"
    );
    assert_eq!(items[1].as_ref().unwrap().text(), "The second one too.");
}

#[test]
fn jsonl_fields_and_bad_date() {
    let ing = ingest();
    let doc = ing
        .from_bytes(
            "x",
            br#"{"id":"r1","text":"Talks ended.","date":"Tue, 08 May 2018 10:00:00 +0000","title":" Talks ","url":"https://example.org/a","source":"Wire"}"#,
            Kind::Json,
        )
        .unwrap();
    assert_eq!(doc.meta.id, "r1");
    assert_eq!(doc.meta.date, Some(ymd(2018, 5, 8)));
    assert_eq!(doc.meta.date_source, DateSource::Metadata);
    assert_eq!(doc.meta.title.as_deref(), Some("Talks"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(doc.meta.source.as_deref(), Some("Wire"));

    let err = ing
        .from_bytes("x", br#"{"id":"r2","text":"A.","date":"soon"}"#, Kind::Json)
        .unwrap_err();
    assert_eq!(err.id, "r2");
    assert!(err
        .message()
        .starts_with("field \"date\": cannot read \"soon\""));

    let err = ing
        .from_bytes("x", br#"{"id":"r3","text":""}"#, Kind::Json)
        .unwrap_err();
    assert_eq!((err.id.as_str(), err.error), ("r3", Error::Empty));
}

#[test]
fn jsonl_encodings_and_explicit_json_file() {
    let dir = tempfile::tempdir().unwrap();
    let latin = write(
        dir.path(),
        "latin.jsonl",
        b"\xef\xbb\xbf{\"id\":\"l1\",\"text\":\"Le caf\xe9 est ouvert.\"}\r\n{\"id\":\"l2\",\"text\":\"Fin.\"}\r\n",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "{\"text\":\"x\"}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let utf16 = write(dir.path(), "wide.jsonl", &utf16);
    let json = write(
        dir.path(),
        "one.json",
        b"{\"id\":\"j\",\"text\":\"Single record.\"}\n",
    );
    let items = read_all(&ingest(), &[latin, utf16, json]);
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].as_ref().unwrap().text(), "Le café est ouvert.");
    assert_eq!(items[1].as_ref().unwrap().text(), "Fin.");
    let wide = items[2].as_ref().unwrap_err();
    assert_eq!(wide.error, Error::Utf16Jsonl);
    assert_eq!(wide.line, Some(1));
    assert_eq!(items[3].as_ref().unwrap().meta.id, "j");
}

/// A reader that yields `{"id":"big","text":"xxxx…"}` of `size` bytes
/// between two small records, without holding it in memory.
struct BigLine {
    pos: u64,
    size: u64,
    prefix: &'static [u8],
    suffix: &'static [u8],
}

impl Read for BigLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let head = b"{\"id\":\"small1\",\"text\":\"Before.\"}\n";
        let total_big = self.prefix.len() as u64 + self.size + self.suffix.len() as u64;
        let tail = b"{\"id\":\"small2\",\"text\":\"After.\"}\n";
        let mut n = 0;
        while n < buf.len() {
            let p = self.pos;
            let h = head.len() as u64;
            let byte = if p < h {
                head[p as usize]
            } else if p < h + total_big {
                let q = p - h;
                let pre = self.prefix.len() as u64;
                if q < pre {
                    self.prefix[q as usize]
                } else if q < pre + self.size {
                    b'x'
                } else {
                    self.suffix[(q - pre - self.size) as usize]
                }
            } else if p < h + total_big + tail.len() as u64 {
                tail[(p - h - total_big) as usize]
            } else {
                break;
            };
            buf[n] = byte;
            n += 1;
            self.pos += 1;
        }
        Ok(n)
    }
}

#[test]
fn fifty_megabyte_line_is_skipped_with_a_clear_error() {
    let ing = Ingestor::new(IngestOptions {
        max_bytes: 1 << 20,
        ..IngestOptions::default()
    });
    let big = BigLine {
        pos: 0,
        size: 50 << 20,
        prefix: b"{\"id\":\"big\",\"text\":\"",
        suffix: b"\"}\n",
    };
    let line_len = 50 * 1024 * 1024 + 20 + 2;
    let items: Vec<_> = ing.read_reader("feed", big).collect();
    assert_eq!(ids(&items), vec!["small1", "!feed:2", "small2"]);
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(
        err.message(),
        format!("line 2: document too large ({line_len} bytes > limit 1048576)")
    );
}

#[test]
fn too_large_files_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let ing = Ingestor::new(IngestOptions {
        max_bytes: 100,
        ..IngestOptions::default()
    });
    let path = write(dir.path(), "long.txt", &[b'a'; 150]);
    let err = read_all(&ing, &[path]).remove(0).unwrap_err();
    assert_eq!(err.message(), "document too large (150 bytes > limit 100)");
    let err = ing.from_bytes("b", &[b'a'; 101], Kind::Text).unwrap_err();
    assert_eq!(err.message(), "document too large (101 bytes > limit 100)");
    // Standard-input-like readers are counted through.
    let items: Vec<_> = ing
        .read_reader("stdin", std::io::Cursor::new(vec![b'b'; 5000]))
        .collect();
    assert_eq!(
        items[0].as_ref().unwrap_err().message(),
        "document too large (5000 bytes > limit 100)"
    );
}

#[test]
fn html_without_article() {
    let page = "<html><head><title>Menu</title><script>var a = 1;</script></head>\
                <body><script>track();</script><img src=\"logo.png\"></body></html>";
    let err = ingest()
        .from_bytes("menu", page.as_bytes(), Kind::Html)
        .unwrap_err();
    assert_eq!(err.error, Error::NoArticle);
    assert_eq!(err.message(), "no article text found in HTML");
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_article_text_title_and_meta_date() {
    let page = article_page(
        "<meta property=\"article:published_time\" content=\"2019-06-11T08:00:00+02:00\">\
         <meta property=\"og:title\" content=\"Dam reopens after repairs\">\
         <link rel=\"canonical\" href=\"https://valley.example/dam\">",
        "",
    );
    let doc = ingest()
        .from_bytes("dam", page.as_bytes(), Kind::Auto)
        .unwrap();
    assert_eq!(doc.meta.date, Some(ymd(2019, 6, 11)));
    assert_eq!(doc.meta.date_source, DateSource::Html);
    assert_eq!(doc.meta.title.as_deref(), Some("Dam reopens after repairs"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://valley.example/dam"));
    let text = doc.text();
    for p in ARTICLE_P {
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&p), "missing paragraph {p:?} in {text:?}");
    }
    // Paragraphs are separated by blank lines, nothing else.
    assert_eq!(text.matches("\n\n").count() + 1, text.split("\n\n").count());
    assert!(text.contains(".\n\nEngineers replaced"), "{text:?}");
    assert!(!text.contains("Home"), "navigation kept: {text:?}");
    assert!(!text.contains("Copyright"), "footer kept: {text:?}");
}

#[test]
fn html_date_from_json_ld() {
    let page = article_page(
        r#"<script type="application/ld+json">{"@context":"https://schema.org",
            "@type":"NewsArticle","headline":"Dam reopens","datePublished":"2020-02-29T10:00:00Z"}</script>"#,
        "",
    );
    let doc = ingest()
        .from_bytes("dam", page.as_bytes(), Kind::Html)
        .unwrap();
    assert_eq!(doc.meta.date, Some(ymd(2020, 2, 29)));
    assert_eq!(doc.meta.date_source, DateSource::Html);
}

#[test]
fn html_date_from_time_element() {
    let page = article_page(
        "",
        "<p class=\"byline\">By A. Writer, <time datetime=\"2017-11-03\">Nov. 3</time></p>",
    );
    let doc = ingest()
        .from_bytes("dam", page.as_bytes(), Kind::Html)
        .unwrap();
    assert_eq!(doc.meta.date, Some(ymd(2017, 11, 3)));
}

#[test]
fn html_meta_date_variants() {
    for (meta, want) in [
        (
            "<meta name=\"pubdate\" content=\"20160105\">",
            ymd(2016, 1, 5),
        ),
        (
            "<meta name=\"DC.date\" content=\"2016-01-06\">",
            ymd(2016, 1, 6),
        ),
        (
            "<meta name=\"parsely-pub-date\" content=\"2016-01-07T00:00:00Z\">",
            ymd(2016, 1, 7),
        ),
        (
            "<meta name=\"sailthru.date\" content=\"2016-01-08 10:00:00\">",
            ymd(2016, 1, 8),
        ),
        (
            "<meta itemprop=\"datePublished\" content=\"2016-01-09\">",
            ymd(2016, 1, 9),
        ),
        (
            "<meta name=\"date\" content=\"January 10, 2016\">",
            ymd(2016, 1, 10),
        ),
    ] {
        let page = article_page(meta, "");
        let doc = ingest()
            .from_bytes("d", page.as_bytes(), Kind::Html)
            .unwrap();
        assert_eq!(doc.meta.date, Some(want), "{meta}");
    }
}

#[test]
fn html_fallback_keeps_short_pages_and_breaks() {
    let page = "<html><body><p>Short note: the ferry&nbsp;runs\n   again.<br>From Monday.</p></body></html>";
    let doc = ingest()
        .from_bytes("note", page.as_bytes(), Kind::Auto)
        .unwrap();
    assert_eq!(
        doc.text(),
        "Short note: the ferry runs again.\nFrom Monday."
    );
}

#[test]
fn jsonl_html_record() {
    let page = article_page("<meta name=\"date\" content=\"2016-01-10\">", "");
    let line = serde_json::json!({"id": "h1", "html": page, "date": "2016-02-01"}).to_string();
    let doc = ingest()
        .from_bytes("x", line.as_bytes(), Kind::Json)
        .unwrap();
    // The record's date wins over the page's.
    assert_eq!(doc.meta.date, Some(ymd(2016, 2, 1)));
    assert_eq!(doc.meta.date_source, DateSource::Metadata);
    assert!(doc.text().contains("Engineers replaced two"));
}

// ---------------------------------------------------------------- text

#[test]
fn dateline_and_default_date() {
    let with_ref = Ingestor::new(IngestOptions {
        default_date: Some(ymd(2018, 5, 9)),
        ..IngestOptions::default()
    });
    let doc = with_ref
        .from_text(
            "d1",
            "BEIJING, May 7 (Reuters) - The two leaders met again.",
        )
        .unwrap();
    assert_eq!(doc.meta.date, Some(ymd(2018, 5, 7)));
    assert_eq!(doc.meta.date_source, DateSource::Dateline);

    let doc = ingest()
        .from_text(
            "d2",
            "BEIJING, May 7 (Reuters) - The two leaders met again.",
        )
        .unwrap();
    assert_eq!(
        (doc.meta.date, doc.meta.date_source),
        (None, DateSource::None)
    );

    let doc = ingest()
        .from_text("d3", "May 7, 2018 — The two leaders met again.")
        .unwrap();
    assert_eq!(doc.meta.date, Some(ymd(2018, 5, 7)));

    let doc = with_ref
        .from_text("d4", "WASHINGTON (AP) — The committee met.")
        .unwrap();
    assert_eq!(doc.meta.date, Some(ymd(2018, 5, 9)));
    assert_eq!(doc.meta.date_source, DateSource::Option);
}

#[test]
fn crlf_and_controls_are_normalised() {
    let doc = ingest()
        .from_bytes(
            "n",
            b"First line.\r\nSecond\rline\0with a NUL.\r\n",
            Kind::Text,
        )
        .unwrap();
    assert_eq!(doc.text(), "First line.\nSecond\nline with a NUL.\n");
}

#[test]
fn text_file_is_kept_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let content = "\n  Kim met Xi in 北京 — twice.\n\n“Quoted,” she said.\n";
    let path = write(dir.path(), "story.txt", content.as_bytes());
    let doc = read_all(&ingest(), std::slice::from_ref(&path))
        .remove(0)
        .unwrap();
    assert_eq!(doc.text(), content);
    assert_eq!(doc.meta.source, Some(path.display().to_string()));
}

#[test]
fn headline_of_plain_text() {
    let ing = ingest();
    let doc = ing
        .from_text(
            "t",
            "Why did the ferry stop twice in May?\nThe ferry stopped on May 3.",
        )
        .unwrap();
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Why did the ferry stop twice in May?")
    );
    for text in [
        "The ferry stopped on May 3.\nIt ran again the next day.",
        "OSLO (AP) — The ferry stopped.\nIt ran again.",
        "Single line without a break",
        "Ferry stops\n   \n",
    ] {
        assert_eq!(ing.from_text("t", text).unwrap().meta.title, None, "{text}");
    }
}

#[test]
fn shared_seed_article() {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
        .join("examples/000_076062065c57b403.txt");
    if !path.exists() {
        println!(
            "skipped: {} is absent (the shared folder is not here)",
            path.display()
        );
        return;
    }
    let bytes = fs::read(&path).unwrap();
    let ing = Ingestor::new(IngestOptions {
        default_date: Some(ymd(2018, 5, 9)),
        ..IngestOptions::default()
    });
    let doc = read_all(&ing, &[path]).remove(0).unwrap();
    assert_eq!(doc.meta.id, "000_076062065c57b403");
    // UTF-8 without \r: the text is the file, byte for byte.
    if !bytes.contains(&b'\r') {
        assert_eq!(doc.text().as_bytes(), &bytes[..]);
    }
    assert_eq!(doc.meta.date, Some(ymd(2018, 5, 9)));
    assert_eq!(doc.meta.date_source, DateSource::Option);
    let title = doc.meta.title.clone().unwrap_or_default();
    assert!(doc.text().starts_with(&title) && !title.is_empty());
}

// ---------------------------------------------------------------- folders, stdin, ids

#[test]
fn folder_recursion_order_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "b.txt", b"Story b.");
    write(
        &root,
        "a.html",
        b"<html><body><p>Story a.</p></body></html>",
    );
    write(&root, "c/2.txt", b"Story c2.");
    write(&root, "c/1.TXT", b"Story c1.");
    write(&root, "c/d/x.text", b"Story x.");
    write(&root, "c0.txt", b"Story c0.");
    write(
        &root,
        "feed.jsonl",
        b"{\"id\":\"j1\",\"text\":\"Story j1.\"}\n{\"text\":\"Story j2.\"}\n",
    );
    write(&root, ".hidden.txt", b"Hidden.");
    write(&root, ".git/config.txt", b"Hidden dir.");
    write(&root, "photo.jpg", b"\xff\xd8\xff");
    write(&root, "data.json", b"{\"text\": \"not taken in folders\"}");
    let items = read_all(&ingest(), std::slice::from_ref(&root));
    let feed = root.join("feed.jsonl").display().to_string();
    assert_eq!(
        ids(&items),
        vec![
            "a".to_string(),
            "b".into(),
            "c/1".into(),
            "c/2".into(),
            "c/d/x".into(),
            "c0".into(),
            "j1".into(),
            format!("{feed}:2"),
        ]
    );
    assert_eq!(items[0].as_ref().unwrap().text(), "Story a.");
    // Same order again: deterministic.
    assert_eq!(ids(&read_all(&ingest(), &[root])), ids(&items));
}

#[test]
fn readers_are_sniffed_and_id_override_applies_once() {
    let ing = Ingestor::new(IngestOptions {
        id: Some("mine".into()),
        ..IngestOptions::default()
    });
    let docs: Vec<_> = ing
        .read_reader(
            "stdin",
            &b"  \n{\"text\":\"One.\"}\n{\"text\":\"Two.\"}\n"[..],
        )
        .collect();
    assert_eq!(ids(&docs), vec!["mine", "stdin:3"]);

    let docs: Vec<_> = ingest()
        .read_reader(
            "stdin",
            &b"<!DOCTYPE html><html><body><p>Page text.</p></body></html>"[..],
        )
        .collect();
    assert_eq!(docs[0].as_ref().unwrap().text(), "Page text.");
    assert_eq!(docs[0].as_ref().unwrap().meta.id, "stdin");

    let docs: Vec<_> = ingest()
        .read_reader("stdin", &b"Plain words."[..])
        .collect();
    assert_eq!(docs[0].as_ref().unwrap().text(), "Plain words.");
}

#[test]
fn thread_safety() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Ingestor>();
    send_sync::<DocError>();
    send::<chronicler_ingest::Inputs>();
    send::<chronicler_ingest::Documents<'static>>();
    send::<chronicler_ingest::RawDoc>();
}

#[test]
fn counts_tell_when_nothing_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let ing = ingest();
    let mut docs = ing.read_paths(&[dir.path().join("a"), dir.path().join("b")]);
    for _ in docs.by_ref() {}
    assert_eq!((docs.ok_count(), docs.error_count()), (0, 2));
}

#[test]
fn inputs_then_parse_in_parallel_keeps_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "f.jsonl",
        b"{\"id\":1,\"text\":\"A.\"}\n{\"id\":2,\"text\":\"B.\"}\n{\"id\":3,\"text\":\"C.\"}\n",
    );
    let ing = ingest();
    let raws: Vec<_> = ing.inputs(&[path]).collect::<Result<_, _>>().unwrap();
    let docs: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = raws
            .into_iter()
            .map(|raw| {
                let ing = &ing;
                s.spawn(move || ing.parse(raw))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(ids(&docs), vec!["1", "2", "3"]);
}

// ---------------------------------------------------------------- properties

mod props {
    use super::*;
    use proptest::prelude::*;

    fn tricky() -> impl Strategy<Value = Vec<u8>> {
        let pieces = prop::sample::select(vec![
            "“",
            "”",
            "é",
            "北京",
            "😀",
            "e\u{301}",
            "\r\n",
            "\r",
            "\0",
            "<p>",
            "</p>",
            "<br>",
            "{",
            "}",
            "\"text\":",
            "\"",
            "\n",
            " - ",
            "May 7",
            "BEIJING, ",
            "\u{FEFF}",
            "<html>",
            "&amp;",
            "<script>",
            "\u{2028}",
        ]);
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat().into_bytes()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn from_bytes_never_panics(bytes in tricky(), kind in 0usize..4) {
            let kind = [Kind::Auto, Kind::Text, Kind::Html, Kind::Json][kind];
            let ing = Ingestor::new(IngestOptions {
                default_date: Some(ymd(2020, 1, 1)),
                ..IngestOptions::default()
            });
            if let Ok(doc) = ing.from_bytes("p", &bytes, kind) {
                let t = doc.text();
                prop_assert!(!t.trim().is_empty());
                prop_assert!(!t.contains('\r'));
                prop_assert!(!t.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
            }
        }

        #[test]
        fn readers_never_panic(bytes in tricky()) {
            let ing = ingest();
            for item in ing.read_reader("r", std::io::Cursor::new(bytes)) {
                if let Err(e) = item {
                    prop_assert!(!e.message().is_empty());
                }
            }
        }
    }
}
