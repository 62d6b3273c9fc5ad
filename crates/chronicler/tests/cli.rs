//! The command line on good and bad input (issue 2: foundation).

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronicler"))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("the binary finishes");
    writer.join().expect("stdin writer finishes");
    out
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("fixture written");
    p.display().to_string()
}

#[test]
fn extract_stdin_follows_the_contract() {
    let text = "Mr. Smith met Dr. Jones in the U.S. on Jan. 5. “It went well,” he said.";
    let out = run(
        &["extract", "--date", "2018-05-09", "--id", "s1", "-"],
        text.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["id"], "s1");
    assert_eq!(d["date"], "2018-05-09");
    assert_eq!(d["text"], text);
    for k in [
        "entities",
        "events",
        "quotes",
        "times",
        "actors",
        "sentences",
    ] {
        assert!(d[k].is_array(), "field {k} is an array");
    }
    let sents = d["sentences"].as_array().expect("sentences");
    assert_eq!(sents.len(), 2);
    // Code point offsets: the second sentence starts at the curly quote.
    let chars: Vec<char> = text.chars().collect();
    let s1 = sents[1]["start"].as_u64().expect("start") as usize;
    assert_eq!(chars[s1], '“');
    assert_eq!(sents[1]["end"].as_u64(), Some(chars.len() as u64));
}

#[test]
fn json_format_is_one_array() {
    let out = run(&["extract", "--format", "json", "-"], b"One sentence here.");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v.as_array().map(|a| a.len()), Some(1));
}

#[test]
fn bad_documents_are_reported_in_place_and_the_rest_survive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let good1 = write(d, "a_good.txt", b"The council met on Monday.");
    let empty = write(d, "b_empty.txt", b"");
    let binary = write(d, "c_binary.bin", &[0u8, 1, 2, 3, 0, 0, 255, 0, 7, 0, 0, 0]);
    let latin1 = write(
        d,
        "d_latin1.txt",
        b"Le caf\xe9 de la place a ferm\xe9 hier soir.",
    );
    let jsonl = write(
        d,
        "e_batch.jsonl",
        b"{\"id\":\"j1\",\"text\":\"First record.\"}\n{not json\n{\"id\":\"j3\",\"text\":\"Third record.\"}\n{\"id\":\"j4\"}\n",
    );
    let html_empty = write(
        d,
        "f_nav.html",
        b"<html><head><title>x</title></head><body><nav></nav></body></html>",
    );
    let missing = d.join("missing.txt").display().to_string();
    let out = run(
        &[
            "extract",
            "--threads",
            "2",
            &good1,
            &empty,
            &binary,
            &latin1,
            &jsonl,
            &html_empty,
            &missing,
        ],
        b"",
    );
    assert!(out.status.success(), "some documents were read: exit 0");
    let docs = lines(&out);
    let ids: Vec<String> = docs
        .iter()
        .map(|v| v["id"].as_str().unwrap_or("?").to_string())
        .collect();
    // One item per input document, in input order.
    assert_eq!(docs.len(), 10, "{ids:?}");
    assert_eq!(docs[0]["text"], "The council met on Monday.");
    assert!(
        docs[1]["error"].as_str().unwrap_or("").contains("empty"),
        "{}",
        docs[1]
    );
    assert!(
        docs[2]["error"].as_str().unwrap_or("").contains("binary"),
        "{}",
        docs[2]
    );
    assert_eq!(docs[3]["text"], "Le café de la place a fermé hier soir.");
    assert_eq!(docs[4]["id"], "j1");
    assert!(
        docs[5]["error"].as_str().unwrap_or("").contains("line 2"),
        "{}",
        docs[5]
    );
    assert_eq!(docs[6]["id"], "j3");
    assert!(
        docs[7]["error"].as_str().unwrap_or("").contains("text"),
        "{}",
        docs[7]
    );
    assert!(docs[8]["error"].is_string(), "{}", docs[8]);
    assert!(
        docs[9]["error"]
            .as_str()
            .unwrap_or("")
            .contains("no such file"),
        "{}",
        docs[9]
    );
}

#[test]
fn nothing_readable_exits_2_with_one_line() {
    let out = run(&["extract", "/definitely/not/here.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("nothing could be read"), "{err}");
    let empty = run(&["extract", "-"], b"");
    assert_eq!(empty.status.code(), Some(2));
}

#[test]
fn oversized_line_is_refused_and_the_next_survives() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":\"big\",\"text\":\"");
    input.extend(std::iter::repeat_n(b'a', 50 * 1024 * 1024));
    input.extend_from_slice(b"\"}\n{\"id\":\"small\",\"text\":\"A short one.\"}\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let p = write(dir.path(), "big.jsonl", &input);
    let out = run(&["extract", "--max-bytes", "1000000", &p], b"");
    assert!(out.status.success());
    let docs = lines(&out);
    assert_eq!(docs.len(), 2);
    assert!(
        docs[0]["error"].as_str().unwrap_or("").contains("large"),
        "{}",
        docs[0]
    );
    assert_eq!(docs[1]["id"], "small");
}

#[test]
fn bad_date_is_a_clear_error() {
    let out = run(&["extract", "--date", "May 7", "-"], b"Text.");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn parse_conllu_names_a_malformed_line() {
    let input = "# text = Votes were counted.\n1\tVotes\t_\t_\t_\t_\t_\t_\t_\t_\n2\twere\t_\t_\n\n";
    let out = run(&["parse", "--format", "conllu", "-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stdin:3"), "{err}");
}

#[test]
fn parse_and_tag_keep_every_line() {
    let input = "# text = Votes were counted.\n1\tVotes\t_\t_\t_\t_\t_\t_\t_\t_\n2\twere\t_\t_\t_\t_\t_\t_\t_\t_\n3\tcounted\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    for cmd in ["tag", "parse"] {
        let out = run(
            &[cmd, "--format", "conllu", "--threads", "2", "-"],
            input.as_bytes(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.lines().count(), input.lines().count(), "{text}");
        assert!(
            text.lines()
                .nth(3)
                .is_some_and(|l| l.starts_with("3\tcounted\t")),
            "{text}"
        );
    }
    let conll = "-DOCSTART- -X- O O\n\nAna NNP B-NP O\nspoke VBD B-VP O\n. . O O\n";
    let out = run(&["tag", "--format", "conll", "-"], conll.as_bytes());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), conll.lines().count());
    assert!(
        text.lines()
            .nth(3)
            .is_some_and(|l| l.starts_with("spoke VBD B-VP O ")),
        "{text}"
    );
}
