//! # chronicler-output: the output contract
//!
//! Turns an annotated [`Document`] into the JSON object of the output
//! contract (`docs/FORMATS.md`, v1), converting byte spans into Unicode
//! code-point offsets exactly once per document with an [`OffsetMap`].
//!
//! The contract's document object:
//!
//! | field | type | notes |
//! |---|---|---|
//! | `id` | string | |
//! | `date` | `YYYY-MM-DD` or null | publication date used to resolve relative dates |
//! | `title` | string or null | |
//! | `text` | string | the analysed text; all offsets point into it |
//! | `sentences` | `[{start,end}]` | |
//! | `entities` | `[{start,end,text,label,actor}]` | label `PER`/`ORG`/`LOC`/`MISC` |
//! | `actors` | `[{id,name,code,country,sector,kind,description,mentions}]` | |
//! | `times` | `[{start,end,text,value,granularity,modifier}]` | |
//! | `events` | `[{event,mode,cameo,source,target,location,date,date_granularity,status,context,trigger,sentence}]` | |
//! | `quotes` | `[{type,start,end,text,cue,speaker}]` | |
//!
//! Fields this crate adds (the contract allows additions, never renames):
//! `date_source`, `url`, `source` on the document; `places` (resolved
//! locations); `sentence_kind` is not emitted. With [`WriteOptions::tokens`],
//! a `tokens` array (`form, lemma, upos, xpos, head, deprel, start, end`,
//! `head` = index within the sentence, `null` for the root).
//! Events carry `mentions` (further trigger spans of the same event) and,
//! with `--explain`, `explain`.
//!
//! A document that could not be read is written as `{"id", "error"}`.
//!
//! ```
//! use chronicler_doc::{Document, Meta};
//! use chronicler_output::{to_json, WriteOptions};
//! let doc = Document::new(Meta { id: "d1".into(), ..Meta::default() }, "“Hi” 北京".into());
//! let v = to_json(&doc, &WriteOptions::default());
//! assert_eq!(v["id"], "d1");
//! assert_eq!(v["events"], serde_json::json!([]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

use chronicler_doc::{Document, OffsetMap, Span};
use serde_json::{json, Map, Value};
use std::io::{self, Write};

/// What to write besides the contract's fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Add the opt-in `tokens` array.
    pub tokens: bool,
    /// Add each event's `explain` string.
    pub explain: bool,
}

/// Output formats of `chronicler extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One JSON object per line (default).
    #[default]
    Jsonl,
    /// One JSON array holding every document, pretty-printed.
    Json,
    /// One tab-separated row per event, with a header row.
    Tsv,
}

struct Offsets<'a> {
    map: OffsetMap,
    text: &'a str,
}

impl Offsets<'_> {
    fn start_end(&self, s: Span, obj: &mut Map<String, Value>) {
        let c = self.map.char_span(s);
        obj.insert("start".into(), json!(c.start));
        obj.insert("end".into(), json!(c.end));
    }

    fn span(&self, s: Span) -> Map<String, Value> {
        let mut m = Map::new();
        self.start_end(s, &mut m);
        m
    }

    fn span_text(&self, s: Span) -> Map<String, Value> {
        let mut m = self.span(s);
        m.insert("text".into(), json!(s.slice(self.text)));
        m
    }
}

fn opt<T: serde::Serialize>(v: &Option<T>) -> Value {
    match v {
        Some(x) => json!(x),
        None => Value::Null,
    }
}

/// The contract's JSON object for one document.
pub fn to_json(doc: &Document, opts: &WriteOptions) -> Value {
    let text = doc.text();
    let o = Offsets {
        map: OffsetMap::new(text),
        text,
    };
    let mut m = Map::new();
    m.insert("id".into(), json!(doc.meta.id));
    m.insert(
        "date".into(),
        opt(&doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string())),
    );
    m.insert("date_source".into(), json!(doc.meta.date_source));
    m.insert("title".into(), opt(&doc.meta.title));
    m.insert("url".into(), opt(&doc.meta.url));
    m.insert("source".into(), opt(&doc.meta.source));
    m.insert("text".into(), json!(text));
    m.insert(
        "sentences".into(),
        doc.sentences()
            .iter()
            .map(|s| Value::Object(o.span(s.span)))
            .collect(),
    );

    // Entity index -> actor id, from the actors' mentions.
    let mut entity_actor: Vec<Option<&str>> = vec![None; doc.entities().len()];
    for a in doc.actors() {
        for men in &a.mentions {
            if let Some(slot) = men.entity.and_then(|e| entity_actor.get_mut(e as usize)) {
                *slot = Some(a.id.as_str());
            }
        }
    }
    m.insert(
        "entities".into(),
        doc.entities()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut x = o.span_text(e.span);
                x.insert("label".into(), json!(e.label.as_str()));
                x.insert("actor".into(), opt(&entity_actor[i]));
                Value::Object(x)
            })
            .collect(),
    );
    m.insert(
        "actors".into(),
        doc.actors()
            .iter()
            .map(|a| {
                json!({
                    "id": a.id,
                    "name": a.name,
                    "code": a.code,
                    "country": a.country,
                    "sector": a.sector,
                    "kind": a.kind,
                    "description": a.description,
                    "mentions": a.mentions.iter().map(|men| Value::Object(o.span(men.span))).collect::<Vec<_>>(),
                })
            })
            .collect(),
    );
    m.insert(
        "times".into(),
        doc.times()
            .iter()
            .map(|t| {
                let mut x = o.span_text(t.span);
                x.insert("value".into(), json!(t.value));
                x.insert("granularity".into(), json!(t.granularity));
                x.insert("modifier".into(), opt(&t.modifier));
                Value::Object(x)
            })
            .collect(),
    );
    m.insert(
        "places".into(),
        doc.places()
            .iter()
            .map(|p| {
                let mut x = o.span_text(p.span);
                x.insert("name".into(), json!(p.name));
                x.insert("country".into(), opt(&p.country));
                x.insert("lat".into(), json!(p.lat));
                x.insert("lon".into(), json!(p.lon));
                x.insert("kind".into(), json!(p.kind));
                x.insert("geonames_id".into(), opt(&p.geonames_id));
                Value::Object(x)
            })
            .collect(),
    );
    let sentences = doc.sentences();
    m.insert(
        "events".into(),
        doc.events()
            .iter()
            .map(|e| {
                let arg = |a: &Option<chronicler_doc::EventArg>| match a {
                    None => Value::Null,
                    Some(a) => {
                        let mut x = o.span(a.span);
                        x.insert("actor".into(), opt(&a.actor));
                        x.insert("name".into(), json!(a.name));
                        x.insert("code".into(), opt(&a.code));
                        Value::Object(x)
                    }
                };
                let location = match &e.location {
                    None => Value::Null,
                    Some(l) => {
                        let mut x = o.span(l.span);
                        x.insert("name".into(), json!(l.name));
                        x.insert("country".into(), opt(&l.country));
                        x.insert("lat".into(), json!(l.lat));
                        x.insert("lon".into(), json!(l.lon));
                        Value::Object(x)
                    }
                };
                let sentence = sentences
                    .get(e.sentence as usize)
                    .map(|s| Value::Object(o.span(s.span)))
                    .unwrap_or(Value::Null);
                let mut x = Map::new();
                x.insert("event".into(), json!(e.event.as_str()));
                x.insert("mode".into(), opt(&e.mode));
                x.insert("cameo".into(), opt(&e.cameo));
                x.insert("source".into(), arg(&e.source));
                x.insert("target".into(), arg(&e.target));
                x.insert("location".into(), location);
                x.insert("date".into(), opt(&e.date));
                x.insert("date_granularity".into(), opt(&e.date_granularity));
                x.insert("status".into(), json!(e.status));
                x.insert("context".into(), json!(e.context));
                x.insert("trigger".into(), Value::Object(o.span_text(e.trigger)));
                x.insert("sentence".into(), sentence);
                x.insert(
                    "mentions".into(),
                    e.mentions
                        .iter()
                        .map(|s| Value::Object(o.span_text(*s)))
                        .collect(),
                );
                if opts.explain {
                    x.insert("explain".into(), opt(&e.explain));
                }
                Value::Object(x)
            })
            .collect(),
    );
    m.insert(
        "quotes".into(),
        doc.quotes()
            .iter()
            .map(|q| {
                let mut x = Map::new();
                x.insert("type".into(), json!(q.kind));
                o.start_end(q.span, &mut x);
                x.insert("text".into(), json!(q.span.slice(text)));
                x.insert(
                    "cue".into(),
                    q.cue
                        .map(|c| Value::Object(o.span_text(c)))
                        .unwrap_or(Value::Null),
                );
                x.insert(
                    "speaker".into(),
                    match &q.speaker {
                        None => Value::Null,
                        Some(s) => json!({
                            "name": s.name,
                            "actor": s.actor,
                            "description": s.description,
                            "mention": s.mention.map(|mm| Value::Object(o.span_text(mm))),
                        }),
                    },
                );
                Value::Object(x)
            })
            .collect(),
    );
    if opts.tokens {
        m.insert("tokens".into(), tokens_json(doc, &o));
    }
    Value::Object(m)
}

fn tokens_json(doc: &Document, o: &Offsets<'_>) -> Value {
    let tags = doc.tags();
    let parse = doc.parse();
    let mut out = Vec::with_capacity(doc.tokens().len());
    for s in doc.sentences() {
        let base = s.tokens.start;
        for i in s.tokens.range() {
            let t = &doc.tokens()[i];
            let mut x = Map::new();
            x.insert("form".into(), json!(t.text(o.text)));
            let tg = tags.get(i);
            x.insert("lemma".into(), opt(&tg.map(|t| t.lemma.as_str())));
            x.insert("upos".into(), opt(&tg.map(|t| t.upos.as_str())));
            x.insert("xpos".into(), opt(&tg.map(|t| t.xpos.as_str())));
            let d = parse.get(i);
            x.insert(
                "head".into(),
                opt(&d.and_then(|d| d.head).map(|h| h.saturating_sub(base))),
            );
            x.insert("deprel".into(), opt(&d.map(|d| d.deprel.as_str())));
            o.start_end(t.span, &mut x);
            out.push(Value::Object(x));
        }
    }
    Value::Array(out)
}

/// The `{"id", "error"}` object for a document that could not be read.
pub fn error_json(id: &str, message: &str) -> Value {
    json!({ "id": id, "error": message })
}

/// Column names of the TSV event table.
pub const TSV_HEADER: &str = "doc_id\tdate\tevent\tmode\tcameo\tstatus\tsource\tsource_code\ttarget\ttarget_code\tlocation\tcountry\tlat\tlon\ttrigger\tsentence";

fn tsv_clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes one TSV row per event of `doc`.
pub fn write_tsv_rows(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    let text = doc.text();
    for e in doc.events() {
        let arg = |a: &Option<chronicler_doc::EventArg>| match a {
            Some(a) => (
                tsv_clean(&a.name),
                a.code.as_deref().unwrap_or("").to_string(),
            ),
            None => (String::new(), String::new()),
        };
        let (sn, sc) = arg(&e.source);
        let (tn, tc) = arg(&e.target);
        let (ln, lc, lat, lon) = match &e.location {
            Some(l) => (
                tsv_clean(&l.name),
                l.country.as_deref().unwrap_or("").to_string(),
                format!("{:.4}", l.lat),
                format!("{:.4}", l.lon),
            ),
            None => Default::default(),
        };
        let sentence = doc
            .sentences()
            .get(e.sentence as usize)
            .map(|s| tsv_clean(s.span.slice(text)))
            .unwrap_or_default();
        let status = serde_json::to_value(e.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            tsv_clean(&doc.meta.id),
            e.date.as_deref().unwrap_or(""),
            e.event.as_str(),
            e.mode.as_deref().unwrap_or(""),
            e.cameo.as_deref().unwrap_or(""),
            status,
            sn,
            sc,
            tn,
            tc,
            ln,
            lc,
            lat,
            lon,
            tsv_clean(e.trigger.slice(text)),
            sentence
        )?;
    }
    Ok(())
}

/// Writes documents (or errors) in one of the output formats, keeping the
/// framing (`[`/`,`/`]` for JSON, the header for TSV) right.
#[derive(Debug)]
pub struct Writer<W: Write> {
    w: W,
    format: Format,
    opts: WriteOptions,
    count: usize,
}

impl<W: Write> Writer<W> {
    /// A writer; nothing is written until the first document.
    pub fn new(w: W, format: Format, opts: WriteOptions) -> Writer<W> {
        Writer {
            w,
            format,
            opts,
            count: 0,
        }
    }

    fn before_item(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self
                .w
                .write_all(if self.count == 0 { b"[\n" } else { b",\n" }),
            Format::Tsv if self.count == 0 => writeln!(self.w, "{TSV_HEADER}"),
            _ => Ok(()),
        }
    }

    fn write_value(&mut self, v: &Value) -> io::Result<()> {
        self.before_item()?;
        match self.format {
            Format::Json => serde_json::to_writer_pretty(&mut self.w, v)?,
            _ => {
                serde_json::to_writer(&mut self.w, v)?;
                self.w.write_all(b"\n")?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Writes one document.
    pub fn document(&mut self, doc: &Document) -> io::Result<()> {
        match self.format {
            Format::Tsv => {
                self.before_item()?;
                self.count += 1;
                write_tsv_rows(doc, &mut self.w)
            }
            _ => {
                let v = to_json(doc, &self.opts);
                self.write_value(&v)
            }
        }
    }

    /// Writes one error item in the document's place (TSV: a comment line
    /// on standard error is the caller's job; nothing is written here).
    pub fn error(&mut self, id: &str, message: &str) -> io::Result<()> {
        match self.format {
            Format::Tsv => Ok(()),
            _ => self.write_value(&error_json(id, message)),
        }
    }

    /// Closes the framing and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == Format::Json {
            self.w
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.w.flush()?;
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicler_doc::*;

    fn sample() -> Document {
        // Code points: “=1 char (3 bytes), 北京 = 2 chars (6 bytes).
        let text = "“Kim” met Xi in 北京 on May 7.";
        let mut d = Document::new(
            Meta {
                id: "t1".into(),
                date: NaiveDate::from_ymd_opt(2018, 5, 9),
                ..Meta::default()
            },
            text.into(),
        );
        let b = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let tokens: Vec<Token> = [
            "“", "Kim", "”", "met", "Xi", "in", "北京", "on", "May", "7", ".",
        ]
        .iter()
        .scan(0usize, |pos, w| {
            let i = text[*pos..].find(w).unwrap() + *pos;
            *pos = i + w.len();
            Some(Token {
                span: Span::new(i, i + w.len()),
                flags: TokenFlags::of(w),
            })
        })
        .collect();
        let n = tokens.len();
        d.set_segmentation(
            vec![Sentence {
                span: Span::new(0, text.len()),
                tokens: TokenRange::new(0, n),
                kind: SentenceKind::Body,
                paragraph: 0,
            }],
            tokens,
        )
        .unwrap();
        d.set_entities(vec![Entity {
            tokens: TokenRange::new(6, 7),
            span: b("北京"),
            label: EntityLabel::Loc,
        }])
        .unwrap();
        d.set_times(vec![TimeExpr {
            span: b("May 7"),
            value: "2018-05-07".into(),
            granularity: Granularity::Day,
            modifier: None,
        }])
        .unwrap();
        d.set_quotes(vec![Quote {
            kind: QuoteKind::Direct,
            span: b("Kim"),
            cue: None,
            speaker: None,
        }])
        .unwrap();
        d
    }

    #[test]
    fn offsets_are_code_points_and_texts_match() {
        let d = sample();
        let v = to_json(&d, &WriteOptions::default());
        let chars: Vec<char> = d.text().chars().collect();
        let check = |x: &Value| {
            let s = x["start"].as_u64().unwrap() as usize;
            let e = x["end"].as_u64().unwrap() as usize;
            let t: String = chars[s..e].iter().collect();
            assert_eq!(t, x["text"].as_str().unwrap());
        };
        check(&v["entities"][0]);
        check(&v["times"][0]);
        check(&v["quotes"][0]);
        assert_eq!(v["entities"][0]["start"], 16);
        assert_eq!(v["quotes"][0]["start"], 1);
        assert_eq!(v["date"], "2018-05-09");
        assert_eq!(v["times"][0]["granularity"], "day");
        assert_eq!(v["times"][0]["modifier"], Value::Null);
        assert_eq!(v["sentences"][0]["end"], chars.len() as u64);
        for k in [
            "entities",
            "actors",
            "times",
            "events",
            "quotes",
            "sentences",
        ] {
            assert!(v[k].is_array(), "{k}");
        }
    }

    #[test]
    fn writer_framing() {
        let d = sample();
        let mut w = Writer::new(Vec::new(), Format::Json, WriteOptions::default());
        w.document(&d).unwrap();
        w.error("bad", "empty document").unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 2);
        assert_eq!(v[1]["error"], "empty document");

        let w = Writer::new(Vec::new(), Format::Json, WriteOptions::default());
        assert_eq!(w.finish().unwrap(), b"[]\n");

        let mut w = Writer::new(
            Vec::new(),
            Format::Jsonl,
            WriteOptions {
                tokens: true,
                explain: false,
            },
        );
        w.document(&d).unwrap();
        w.document(&d).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out.lines().count(), 2);
        let v: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(v["tokens"][6]["form"], "北京");
        assert_eq!(v["tokens"][6]["start"], 16);

        let mut w = Writer::new(Vec::new(), Format::Tsv, WriteOptions::default());
        w.document(&d).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out.lines().next(), Some(TSV_HEADER));
    }
}
