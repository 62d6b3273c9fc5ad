//! HTML pages → article text and metadata.
//!
//! 1. The page is parsed once (`dom_query`, an html5ever tree).
//! 2. Metadata is read from it: the date from meta tags (in this order:
//!    `article:published_time`, `og:published_time`, `datePublished`,
//!    `pubdate`, `publishdate`, `publish-date`, `publication_date`,
//!    `parsely-pub-date`, `sailthru.date`, `DC.date.issued`, `DC.date`,
//!    `dcterms.issued`, `dcterms.created`, `date`), then any element with
//!    `itemprop="datePublished"`, then JSON-LD `datePublished`, then
//!    `<time pubdate>` and the first `<time datetime>`; the URL from
//!    `<link rel="canonical">` or `og:url`; the site from `og:site_name`.
//! 3. `dom_smoothie` (a port of Mozilla's Readability) picks the article
//!    node and its title (JSON-LD `headline`, `og:title`, ... then a cleaned
//!    `<title>`).
//! 4. The article's HTML is turned into plain text here: block elements
//!    (`p`, `div`, `h1`-`h6`, `li`, `blockquote`, ...) are paragraphs
//!    separated by a blank line (`\n\n`), `<br>` and table rows are line
//!    breaks, table cells are separated by a space, white space inside a
//!    paragraph is collapsed to one space (non-breaking spaces included),
//!    entities are decoded by the parser, and `script`, `style`, `noscript`,
//!    `template`, `svg` and form controls are dropped.
//! 5. If Readability finds nothing (or panics, which is caught), the text of
//!    every `<p>` of the page is used instead, one paragraph each. If that
//!    is empty too, the page has no article: [`Error::NoArticle`].

use crate::date::parse_date;
use crate::Error;
use chrono::NaiveDate;
use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

/// What an HTML page gives.
#[derive(Debug, Default)]
pub(crate) struct HtmlDoc {
    /// Article text (not yet normalised).
    pub text: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub site: Option<String>,
}

/// Meta tag names (lower-case) that carry the publication date, best first.
const DATE_KEYS: [&str; 14] = [
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "date",
];

/// Deepest nesting of block containers accepted (real pages stay under
/// about 100; parsing and Readability are quadratic in this depth).
pub(crate) const MAX_DEPTH: usize = 400;

/// Extracts the article text and metadata of an HTML page.
pub(crate) fn extract(html: &str) -> Result<HtmlDoc, Error> {
    let depth = block_depth(html);
    if depth > MAX_DEPTH {
        return Err(Error::TooDeep {
            depth,
            limit: MAX_DEPTH,
        });
    }
    let doc = Document::from(html);
    let mut out = read_metadata(&doc);
    let fallback_title = out.title.take();

    let cfg = Config {
        // Our own JSON-LD reading gives the date; dom_smoothie's gives the title.
        ..Config::default()
    };
    let article = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        Readability::with_document(doc, None, Some(cfg)).and_then(|mut r| r.parse())
    }));
    if let Ok(Ok(article)) = article {
        let title = collapse(&article.title);
        if !title.is_empty() {
            out.title = Some(title);
        }
        out.text = fragment_text(&article.content);
    }
    if out.title.is_none() {
        out.title = fallback_title;
    }
    if out.text.trim().is_empty() {
        out.text = paragraphs_text(html);
    }
    if out.text.trim().is_empty() {
        return Err(Error::NoArticle);
    }
    Ok(out)
}

/// Container elements counted by [`block_depth`]: their end tags are
/// required, so open minus closed tags approximates the tree depth.
const CONTAINERS: [&str; 18] = [
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "table",
    "form",
    "fieldset",
    "figure",
    "center",
    "details",
];

/// The deepest nesting of [`CONTAINERS`] in the raw HTML, from a linear
/// scan of the tags (no parse).
fn block_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        let start = i + off + 1;
        let closing = b.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = b
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        i = name_start + name_len;
        if name_len == 0 || name_len > 10 {
            continue;
        }
        let name = b.get(name_start..i).unwrap_or_default();
        if !CONTAINERS
            .iter()
            .any(|c| c.as_bytes().eq_ignore_ascii_case(name))
        {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Date, title, URL and site from meta tags, JSON-LD and `<time>`.
fn read_metadata(doc: &Document) -> HtmlDoc {
    let mut out = HtmlDoc::default();
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut og_title = None;
    for meta in doc.select("meta").nodes() {
        let Some(content) = meta.attr("content") else {
            continue;
        };
        let key = meta
            .attr("property")
            .or_else(|| meta.attr("name"))
            .or_else(|| meta.attr("itemprop"))
            .or_else(|| meta.attr("http-equiv"));
        let Some(key) = key else { continue };
        let key = key.trim().to_ascii_lowercase();
        if let Some(rank) = DATE_KEYS.iter().position(|k| *k == key) {
            if best.is_none_or(|(r, _)| rank < r) {
                if let Some(d) = parse_date(&content) {
                    best = Some((rank, d));
                }
            }
        }
        match key.as_str() {
            "og:title" | "twitter:title" if og_title.is_none() => og_title = nonempty(&content),
            "og:url" if out.url.is_none() => out.url = nonempty(&content),
            "og:site_name" => out.site = nonempty(&content),
            _ => {}
        }
    }
    out.date = best.map(|(_, d)| d);
    if out.date.is_none() {
        out.date = doc
            .select("[itemprop=\"datePublished\"]")
            .nodes()
            .iter()
            .find_map(|n| {
                let value = n
                    .attr("content")
                    .or_else(|| n.attr("datetime"))
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| n.text().to_string());
                parse_date(&value)
            });
    }
    let mut headline = None;
    if out.date.is_none() || og_title.is_none() {
        for script in doc.select("script[type=\"application/ld+json\"]").nodes() {
            let text = script.text();
            let Ok(value) = serde_json::from_str::<serde_json::Value>(text.trim()) else {
                continue;
            };
            if out.date.is_none() {
                out.date = json_ld_string(&value, "datePublished").and_then(parse_date);
            }
            if headline.is_none() {
                headline = json_ld_string(&value, "headline").and_then(nonempty);
            }
        }
    }
    if out.date.is_none() {
        let times = doc.select("time[datetime]");
        let nodes = times.nodes();
        let pick = nodes
            .iter()
            .find(|n| n.has_attr("pubdate"))
            .or_else(|| nodes.first());
        out.date = pick
            .and_then(|n| n.attr("datetime"))
            .and_then(|v| parse_date(&v));
    }
    if let Some(href) = doc
        .select("link[rel=\"canonical\"]")
        .nodes()
        .first()
        .and_then(|n| n.attr("href"))
    {
        out.url = nonempty(&href);
    }
    let title_tag = doc
        .select("title")
        .nodes()
        .first()
        .map(|n| collapse(&n.text()))
        .filter(|t| !t.is_empty());
    out.title = headline.or(og_title).or(title_tag);
    out
}

/// The first string value of `key` in a JSON-LD value (objects, arrays and
/// `@graph` searched breadth-first, at most 10,000 values).
fn json_ld_string<'v>(value: &'v serde_json::Value, key: &str) -> Option<&'v str> {
    let mut queue = std::collections::VecDeque::from([value]);
    let mut seen = 0;
    while let Some(v) = queue.pop_front() {
        seen += 1;
        if seen > 10_000 {
            return None;
        }
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(s)) = map.get(key) {
                    return Some(s);
                }
                queue.extend(map.values());
            }
            serde_json::Value::Array(items) => queue.extend(items),
            _ => {}
        }
    }
    None
}

fn nonempty(s: &str) -> Option<String> {
    let s = collapse(s);
    (!s.is_empty()).then_some(s)
}

/// White space collapsed to single spaces, trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Plain text of an HTML fragment (the article Readability found).
fn fragment_text(html: &str) -> String {
    let doc = Document::fragment(html);
    let mut sink = TextSink::default();
    sink.walk(doc.root());
    sink.out
}

/// Fallback: the text of every `<p>` of the page, one paragraph each.
fn paragraphs_text(html: &str) -> String {
    let doc = Document::from(html);
    let mut sink = TextSink::default();
    for p in doc.select("p").nodes() {
        // Nested <p> cannot occur in parsed HTML, so no text is taken twice.
        sink.brk(Break::Paragraph);
        sink.walk(*p);
    }
    sink.out
}

/// A pending separator, strongest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Break {
    #[default]
    None,
    Space,
    Line,
    Paragraph,
}

#[derive(Default)]
struct TextSink {
    out: String,
    pending: Break,
}

/// Elements whose content is never article text.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "select"
            | "option"
            | "button"
            | "textarea"
            | "canvas"
            | "video"
            | "audio"
    )
}

/// What an element adds before and after its content.
fn separator(name: &str) -> Break {
    match name {
        "br" | "tr" => Break::Line,
        "td" | "th" => Break::Space,
        "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol" | "dl"
        | "dt" | "dd" | "blockquote" | "pre" | "article" | "section" | "main" | "header"
        | "footer" | "aside" | "nav" | "figure" | "figcaption" | "table" | "caption" | "hr"
        | "address" | "details" | "summary" | "form" | "fieldset" | "center" | "body" | "html" => {
            Break::Paragraph
        }
        _ => Break::None,
    }
}

impl TextSink {
    /// Walks `root` depth-first without recursion (deep pages cannot
    /// overflow the stack).
    fn walk(&mut self, root: NodeRef<'_>) {
        let mut stack = vec![(root, false)];
        while let Some((node, leaving)) = stack.pop() {
            if node.is_text() {
                self.push_text(&node.text());
                continue;
            }
            let name = if node.is_element() {
                node.node_name().map(|n| n.to_ascii_lowercase())
            } else {
                None
            };
            let sep = name.as_deref().map_or(Break::None, separator);
            if leaving {
                self.brk(sep);
                continue;
            }
            if name.as_deref().is_some_and(skipped) || node.is_comment() {
                continue;
            }
            self.brk(sep);
            stack.push((node, true));
            let children = node.children();
            stack.extend(children.into_iter().rev().map(|c| (c, false)));
        }
    }

    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.brk(Break::Space);
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }

    fn brk(&mut self, b: Break) {
        self.pending = self.pending.max(b);
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            match self.pending {
                Break::None => {}
                Break::Space => self.out.push(' '),
                Break::Line => self.out.push('\n'),
                Break::Paragraph => self.out.push_str("\n\n"),
            }
        }
        self.pending = Break::None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_text_keeps_paragraphs() {
        let text = fragment_text(
            "<div><h2>Port  reopens</h2><p>The port\n reopened on&nbsp;Monday.<br>Ships queued.</p>\
             <ul><li>One</li><li>Two &amp; three</li></ul><script>x()</script><p>Last.</p></div>",
        );
        assert_eq!(
            text,
            "Port reopens\n\nThe port reopened on Monday.\nShips queued.\n\nOne\n\nTwo & three\n\nLast."
        );
    }

    #[test]
    fn block_depth_counts_containers_only() {
        assert_eq!(block_depth("<div><DIV><p><span></div><Div></div></div>"), 2);
        assert_eq!(block_depth("<p><p><p><b><b><li><li>"), 0);
        assert_eq!(block_depth("<divx><div >a<"), 1);
        let deep = "<div>".repeat(MAX_DEPTH + 1);
        assert_eq!(
            extract(&deep).unwrap_err(),
            Error::TooDeep {
                depth: MAX_DEPTH + 1,
                limit: MAX_DEPTH
            }
        );
    }

    #[test]
    fn json_ld_search_finds_nested_keys() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
                {"@type":"NewsArticle","headline":"Dam opens","datePublished":"2020-03-04"}]}"#,
        )
        .unwrap();
        assert_eq!(json_ld_string(&v, "datePublished"), Some("2020-03-04"));
        assert_eq!(json_ld_string(&v, "headline"), Some("Dam opens"));
    }
}
