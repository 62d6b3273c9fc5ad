//! The [`Document`]: text, metadata and the stand-off layers stages add.

use crate::layers::*;
use crate::{Sentence, Span, Token, TokenRange};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a document's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// No date known.
    #[default]
    None,
    /// A `date` field of the input record (JSON Lines).
    Metadata,
    /// HTML meta tags, JSON-LD or a `<time>` element.
    Html,
    /// A dateline in the text ("BEIJING, May 7 (Reuters) -").
    Dateline,
    /// The input file's name ("2018-05-07_kim-xi.txt").
    Filename,
    /// The `--date` option.
    Option,
}

/// Document metadata: everything about the document that is not its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Identifier (from the input record, the file name, or a counter).
    pub id: String,
    /// Title, if known.
    pub title: Option<String>,
    /// Publication date, if known.
    pub date: Option<NaiveDate>,
    /// Where `date` came from.
    pub date_source: DateSource,
    /// URL, if known.
    pub url: Option<String>,
    /// Source (publisher, feed, file path), if known.
    pub source: Option<String>,
}

/// Names of the annotation layers, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Sentences (segment).
    Sentences,
    /// Tokens (segment).
    Tokens,
    /// POS tags and lemmas (tag).
    Tags,
    /// Named entities (tag).
    Entities,
    /// Dependency parse (parse).
    Parse,
    /// Actors (actors).
    Actors,
    /// Temporal expressions (timeplace).
    Times,
    /// Places (timeplace).
    Places,
    /// Quotes (quotes).
    Quotes,
    /// Events (events).
    Events,
}

impl Layer {
    /// Lower-case name as used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
            Layer::Tags => "tags",
            Layer::Entities => "entities",
            Layer::Parse => "parse",
            Layer::Actors => "actors",
            Layer::Times => "times",
            Layer::Places => "places",
            Layer::Quotes => "quotes",
            Layer::Events => "events",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a layer could not be attached.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LayerError {
    /// The layer was already set; stages never rewrite a layer.
    #[error("layer `{0}` is already set; a stage never rewrites an earlier layer")]
    AlreadySet(Layer),
    /// A layer this one depends on is missing.
    #[error("layer `{layer}` needs layer `{missing}`, which is not set")]
    Missing {
        /// The layer being attached.
        layer: Layer,
        /// The missing prerequisite.
        missing: Layer,
    },
    /// A per-token layer has the wrong length.
    #[error("layer `{layer}` has {got} items for {expected} tokens")]
    Length {
        /// The layer being attached.
        layer: Layer,
        /// Number of tokens.
        expected: usize,
        /// Number of items given.
        got: usize,
    },
    /// A span lies outside the text or cuts a character.
    #[error("layer `{layer}`: span {start}..{end} is not valid in a text of {len} bytes")]
    BadSpan {
        /// The layer being attached.
        layer: Layer,
        /// Span start.
        start: u32,
        /// Span end.
        end: u32,
        /// Text length in bytes.
        len: usize,
    },
}

/// A document: immutable text plus stand-off annotation layers.
///
/// Stages read the document and return their layer; only the pipeline
/// attaches layers, through `set_*` methods that refuse to overwrite a layer
/// or to attach one before its prerequisites.
///
/// ```
/// use chronicler_doc::{Document, Meta, Span, Sentence, SentenceKind, Token, TokenFlags, TokenRange};
/// let mut doc = Document::new(Meta { id: "d1".into(), ..Meta::default() }, "Hi there.".into());
/// let toks = vec![
///     Token { span: Span::new(0, 2), flags: TokenFlags::of("Hi") },
///     Token { span: Span::new(3, 8), flags: TokenFlags::of("there") },
///     Token { span: Span::new(8, 9), flags: TokenFlags::of(".") },
/// ];
/// let sents = vec![Sentence { span: Span::new(0, 9), tokens: TokenRange::new(0, 3),
///                             kind: SentenceKind::Body, paragraph: 0 }];
/// doc.set_segmentation(sents, toks)?;
/// assert_eq!(doc.tokens()[1].text(doc.text()), "there");
/// assert!(doc.set_segmentation(vec![], vec![]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Metadata.
    pub meta: Meta,
    text: String,
    sentences: Option<Vec<Sentence>>,
    tokens: Option<Vec<Token>>,
    tags: Option<Vec<TokenTags>>,
    entities: Option<Vec<Entity>>,
    parse: Option<Vec<Dependency>>,
    actors: Option<Vec<Actor>>,
    times: Option<Vec<TimeExpr>>,
    places: Option<Vec<Place>>,
    quotes: Option<Vec<Quote>>,
    events: Option<Vec<Event>>,
}

const NO_SENTENCES: &[Sentence] = &[];

impl Document {
    /// A document with no layers yet.
    pub fn new(meta: Meta, text: String) -> Document {
        Document {
            meta,
            text,
            ..Document::default()
        }
    }

    /// The analysed text every span points into.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when `layer` is set.
    pub fn has(&self, layer: Layer) -> bool {
        match layer {
            Layer::Sentences => self.sentences.is_some(),
            Layer::Tokens => self.tokens.is_some(),
            Layer::Tags => self.tags.is_some(),
            Layer::Entities => self.entities.is_some(),
            Layer::Parse => self.parse.is_some(),
            Layer::Actors => self.actors.is_some(),
            Layer::Times => self.times.is_some(),
            Layer::Places => self.places.is_some(),
            Layer::Quotes => self.quotes.is_some(),
            Layer::Events => self.events.is_some(),
        }
    }

    fn require(&self, layer: Layer, missing: Layer) -> Result<(), LayerError> {
        if self.has(missing) {
            Ok(())
        } else {
            Err(LayerError::Missing { layer, missing })
        }
    }

    fn fresh(&self, layer: Layer) -> Result<(), LayerError> {
        if self.has(layer) {
            Err(LayerError::AlreadySet(layer))
        } else {
            Ok(())
        }
    }

    fn check_span(&self, layer: Layer, s: Span) -> Result<(), LayerError> {
        if Span::checked_in(&self.text, s.start(), s.end()).is_some() {
            Ok(())
        } else {
            Err(LayerError::BadSpan {
                layer,
                start: s.start,
                end: s.end,
                len: self.text.len(),
            })
        }
    }

    fn check_len(&self, layer: Layer, got: usize) -> Result<(), LayerError> {
        let expected = self.tokens().len();
        if got == expected {
            Ok(())
        } else {
            Err(LayerError::Length {
                layer,
                expected,
                got,
            })
        }
    }

    /// Attaches sentences and tokens (they are made together).
    pub fn set_segmentation(
        &mut self,
        sentences: Vec<Sentence>,
        tokens: Vec<Token>,
    ) -> Result<(), LayerError> {
        self.fresh(Layer::Sentences)?;
        self.fresh(Layer::Tokens)?;
        for t in &tokens {
            self.check_span(Layer::Tokens, t.span)?;
        }
        for s in &sentences {
            self.check_span(Layer::Sentences, s.span)?;
            if s.tokens.end as usize > tokens.len() {
                return Err(LayerError::Length {
                    layer: Layer::Sentences,
                    expected: tokens.len(),
                    got: s.tokens.end as usize,
                });
            }
        }
        self.sentences = Some(sentences);
        self.tokens = Some(tokens);
        Ok(())
    }

    /// Attaches POS tags and lemmas (one per token).
    pub fn set_tags(&mut self, tags: Vec<TokenTags>) -> Result<(), LayerError> {
        self.fresh(Layer::Tags)?;
        self.require(Layer::Tags, Layer::Tokens)?;
        self.check_len(Layer::Tags, tags.len())?;
        self.tags = Some(tags);
        Ok(())
    }

    /// Attaches named entities.
    pub fn set_entities(&mut self, entities: Vec<Entity>) -> Result<(), LayerError> {
        self.fresh(Layer::Entities)?;
        self.require(Layer::Entities, Layer::Tokens)?;
        for e in &entities {
            self.check_span(Layer::Entities, e.span)?;
        }
        self.entities = Some(entities);
        Ok(())
    }

    /// Attaches the dependency parse (one arc per token).
    pub fn set_parse(&mut self, parse: Vec<Dependency>) -> Result<(), LayerError> {
        self.fresh(Layer::Parse)?;
        self.require(Layer::Parse, Layer::Tokens)?;
        self.check_len(Layer::Parse, parse.len())?;
        self.parse = Some(parse);
        Ok(())
    }

    /// Attaches actors.
    pub fn set_actors(&mut self, actors: Vec<Actor>) -> Result<(), LayerError> {
        self.fresh(Layer::Actors)?;
        for a in &actors {
            for m in &a.mentions {
                self.check_span(Layer::Actors, m.span)?;
            }
        }
        self.actors = Some(actors);
        Ok(())
    }

    /// Attaches temporal expressions.
    pub fn set_times(&mut self, times: Vec<TimeExpr>) -> Result<(), LayerError> {
        self.fresh(Layer::Times)?;
        for t in &times {
            self.check_span(Layer::Times, t.span)?;
        }
        self.times = Some(times);
        Ok(())
    }

    /// Attaches places.
    pub fn set_places(&mut self, places: Vec<Place>) -> Result<(), LayerError> {
        self.fresh(Layer::Places)?;
        for p in &places {
            self.check_span(Layer::Places, p.span)?;
        }
        self.places = Some(places);
        Ok(())
    }

    /// Attaches quotes.
    pub fn set_quotes(&mut self, quotes: Vec<Quote>) -> Result<(), LayerError> {
        self.fresh(Layer::Quotes)?;
        for q in &quotes {
            self.check_span(Layer::Quotes, q.span)?;
            if let Some(c) = q.cue {
                self.check_span(Layer::Quotes, c)?;
            }
            if let Some(m) = q.speaker.as_ref().and_then(|s| s.mention) {
                self.check_span(Layer::Quotes, m)?;
            }
        }
        self.quotes = Some(quotes);
        Ok(())
    }

    /// Attaches events.
    pub fn set_events(&mut self, events: Vec<Event>) -> Result<(), LayerError> {
        self.fresh(Layer::Events)?;
        for e in &events {
            self.check_span(Layer::Events, e.trigger)?;
            for a in [&e.source, &e.target].into_iter().flatten() {
                self.check_span(Layer::Events, a.span)?;
            }
        }
        self.events = Some(events);
        Ok(())
    }

    /// Sentences (empty when not set).
    pub fn sentences(&self) -> &[Sentence] {
        self.sentences.as_deref().unwrap_or(NO_SENTENCES)
    }

    /// Tokens (empty when not set).
    pub fn tokens(&self) -> &[Token] {
        self.tokens.as_deref().unwrap_or(&[])
    }

    /// POS tags, one per token (empty when not set).
    pub fn tags(&self) -> &[TokenTags] {
        self.tags.as_deref().unwrap_or(&[])
    }

    /// Named entities (empty when not set).
    pub fn entities(&self) -> &[Entity] {
        self.entities.as_deref().unwrap_or(&[])
    }

    /// Dependency arcs, one per token (empty when not set).
    pub fn parse(&self) -> &[Dependency] {
        self.parse.as_deref().unwrap_or(&[])
    }

    /// Actors (empty when not set).
    pub fn actors(&self) -> &[Actor] {
        self.actors.as_deref().unwrap_or(&[])
    }

    /// Temporal expressions (empty when not set).
    pub fn times(&self) -> &[TimeExpr] {
        self.times.as_deref().unwrap_or(&[])
    }

    /// Places (empty when not set).
    pub fn places(&self) -> &[Place] {
        self.places.as_deref().unwrap_or(&[])
    }

    /// Quotes (empty when not set).
    pub fn quotes(&self) -> &[Quote] {
        self.quotes.as_deref().unwrap_or(&[])
    }

    /// Events (empty when not set).
    pub fn events(&self) -> &[Event] {
        self.events.as_deref().unwrap_or(&[])
    }

    /// Text of a byte span (`""` when it does not fit).
    #[inline]
    pub fn span_text(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// Text of a token by index (`""` when out of range).
    pub fn token_text(&self, i: usize) -> &str {
        self.tokens()
            .get(i)
            .map(|t| t.text(&self.text))
            .unwrap_or("")
    }

    /// Byte span covering a token range, or `None` when out of range or empty.
    pub fn token_span(&self, r: TokenRange) -> Option<Span> {
        let toks = self.tokens();
        if r.is_empty() || r.end as usize > toks.len() {
            return None;
        }
        Some(
            toks[r.start as usize]
                .span
                .cover(toks[r.end as usize - 1].span),
        )
    }

    /// Index of the sentence holding token `i`, by binary search.
    pub fn sentence_of_token(&self, i: usize) -> Option<usize> {
        let s = self.sentences();
        let k = s.partition_point(|x| (x.tokens.end as usize) <= i);
        (k < s.len() && s[k].tokens.contains(i)).then_some(k)
    }

    /// Tokens whose spans lie inside or overlap `span`, per the mode.
    ///
    /// `Strict`: the span must start and end exactly on token edges.
    /// `Contract`: tokens fully inside the span. `Expand`: tokens touching it.
    pub fn tokens_in(&self, span: Span, mode: Align) -> Option<TokenRange> {
        let toks = self.tokens();
        let first_overlap = toks.partition_point(|t| t.span.end <= span.start);
        let end_overlap = toks.partition_point(|t| t.span.start < span.end);
        let r = match mode {
            Align::Expand => (first_overlap, end_overlap),
            Align::Contract => {
                let s = toks.partition_point(|t| t.span.start < span.start);
                let e = toks.partition_point(|t| t.span.end <= span.end);
                (s, e)
            }
            Align::Strict => {
                let s = toks.partition_point(|t| t.span.start < span.start);
                let e = toks.partition_point(|t| t.span.end <= span.end);
                let ok = s < toks.len()
                    && toks[s].span.start == span.start
                    && e > 0
                    && toks[e - 1].span.end == span.end;
                if !ok {
                    return None;
                }
                (s, e)
            }
        };
        (r.0 < r.1).then(|| TokenRange::new(r.0, r.1))
    }
}

/// How [`Document::tokens_in`] maps a byte span onto tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Span must match token edges exactly.
    Strict,
    /// Tokens fully inside the span.
    Contract,
    /// Tokens touching the span.
    Expand,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SentenceKind, TokenFlags};

    fn doc() -> Document {
        let text = "Kim met Xi. Then left.";
        let mut d = Document::new(Meta::default(), text.into());
        let words = [
            (0, 3),
            (4, 7),
            (8, 10),
            (10, 11),
            (12, 16),
            (17, 21),
            (21, 22),
        ];
        let toks = words
            .iter()
            .map(|&(a, b)| Token {
                span: Span::new(a, b),
                flags: TokenFlags::of(&text[a..b]),
            })
            .collect();
        let sents = vec![
            Sentence {
                span: Span::new(0, 11),
                tokens: TokenRange::new(0, 4),
                kind: SentenceKind::Body,
                paragraph: 0,
            },
            Sentence {
                span: Span::new(12, 22),
                tokens: TokenRange::new(4, 7),
                kind: SentenceKind::Body,
                paragraph: 0,
            },
        ];
        d.set_segmentation(sents, toks).unwrap();
        d
    }

    #[test]
    fn layers_refuse_rewrite_and_missing_prereqs() {
        let mut d = Document::new(Meta::default(), "x".into());
        assert_eq!(
            d.set_tags(vec![]),
            Err(LayerError::Missing {
                layer: Layer::Tags,
                missing: Layer::Tokens
            })
        );
        let mut d2 = doc();
        assert!(d2.set_tags(vec![TokenTags::default(); 7]).is_ok());
        assert_eq!(
            d2.set_tags(vec![TokenTags::default(); 7]),
            Err(LayerError::AlreadySet(Layer::Tags))
        );
        assert!(matches!(
            d2.set_parse(vec![Dependency::default(); 3]),
            Err(LayerError::Length { .. })
        ));
        d.set_times(vec![]).unwrap();
        assert!(d.has(Layer::Times));
    }

    #[test]
    fn bad_spans_are_refused() {
        let mut d = Document::new(Meta::default(), "é".into());
        let t = TimeExpr {
            span: Span::new(0, 1),
            value: "2018".into(),
            granularity: Granularity::Year,
            modifier: None,
        };
        assert!(matches!(
            d.set_times(vec![t]),
            Err(LayerError::BadSpan { .. })
        ));
    }

    #[test]
    fn alignment_modes() {
        let d = doc();
        assert_eq!(
            d.tokens_in(Span::new(4, 10), Align::Strict),
            Some(TokenRange::new(1, 3))
        );
        assert_eq!(d.tokens_in(Span::new(5, 10), Align::Strict), None);
        assert_eq!(
            d.tokens_in(Span::new(5, 10), Align::Contract),
            Some(TokenRange::new(2, 3))
        );
        assert_eq!(
            d.tokens_in(Span::new(5, 9), Align::Expand),
            Some(TokenRange::new(1, 3))
        );
        assert_eq!(d.sentence_of_token(5), Some(1));
        assert_eq!(d.sentence_of_token(3), Some(0));
        assert_eq!(d.sentence_of_token(9), None);
        assert_eq!(d.token_span(TokenRange::new(0, 2)), Some(Span::new(0, 7)));
    }
}
