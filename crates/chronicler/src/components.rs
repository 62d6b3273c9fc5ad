//! Adapters that make each stage crate a pipeline [`Component`], and the
//! standard pipeline built from them.

use crate::pipeline::{layer, Component, Pipeline, StageError};
use chronicler_doc::{Document, Layer};
use std::time::{Duration, Instant};

/// Declares a component wrapping a stage value: its name, the layers it
/// requires and provides, and how its output is attached.
macro_rules! component {
    ($(#[$doc:meta])* $name:ident($inner:ty), $label:literal,
     requires [$($req:ident),*], provides [$($prov:ident),*],
     |$stage:ident, $d:ident| $body:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name(pub $inner);

        impl Component for $name {
            fn name(&self) -> &'static str {
                $label
            }
            fn requires(&self) -> &'static [Layer] {
                &[$(Layer::$req),*]
            }
            fn provides(&self) -> &'static [Layer] {
                &[$(Layer::$prov),*]
            }
            fn run(&self, $d: &mut Document) -> Result<(), StageError> {
                let $stage = &self.0;
                $body.map_err(layer($label))
            }
        }
    };
}

component!(
    /// Sentences and tokens (`chronicler-segment`).
    Segment(chronicler_segment::Segmenter), "segment",
    requires [], provides [Sentences, Tokens],
    |s, doc| {
        let (sentences, tokens) = s.segment(doc.text());
        doc.set_segmentation(sentences, tokens)
    }
);

component!(
    /// Part of speech and lemmas (`chronicler-tag`).
    Pos(chronicler_tag::PosTagger), "pos",
    requires [Sentences, Tokens], provides [Tags],
    |s, doc| { let tags = s.annotate(doc); doc.set_tags(tags) }
);

component!(
    /// Named entities (`chronicler-tag`).
    Ner(chronicler_tag::ner::NerTagger), "ner",
    requires [Sentences, Tokens], provides [Entities],
    |s, doc| { let ents = s.annotate(doc); doc.set_entities(ents) }
);

component!(
    /// Actors (`chronicler-actors`).
    Actors(chronicler_actors::ActorCoder), "actors",
    requires [Sentences, Tokens, Tags, Entities, Parse], provides [Actors],
    |s, doc| { let actors = s.annotate(doc); doc.set_actors(actors) }
);

component!(
    /// Temporal expressions (`chronicler-timeplace`).
    Times(chronicler_timeplace::TimeTagger), "times",
    requires [Sentences, Tokens], provides [Times],
    |s, doc| { let times = s.annotate(doc); doc.set_times(times) }
);

component!(
    /// Places (`chronicler-timeplace`).
    Places(chronicler_timeplace::PlaceResolver), "places",
    requires [Sentences, Tokens, Entities], provides [Places],
    |s, doc| { let places = s.annotate(doc); doc.set_places(places) }
);

component!(
    /// Quotes (`chronicler-quotes`).
    Quotes(chronicler_quotes::QuoteExtractor), "quotes",
    requires [Sentences, Tokens, Tags, Parse, Entities, Actors], provides [Quotes],
    |s, doc| { let quotes = s.annotate(doc); doc.set_quotes(quotes) }
);

component!(
    /// Events (`chronicler-events`).
    Events(chronicler_events::EventCoder), "events",
    requires [Sentences, Tokens, Tags, Parse, Entities, Actors, Times, Places, Quotes], provides [Events],
    |s, doc| { let events = s.annotate(doc); doc.set_events(events) }
);

/// Dependency parse (`chronicler-parse`).
#[derive(Debug)]
pub struct Parse(pub chronicler_parse::Parser);

impl Component for Parse {
    fn name(&self) -> &'static str {
        "parse"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens, Layer::Tags]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Parse]
    }
    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let deps = self.0.annotate(doc).map_err(|e| StageError::Stage {
            stage: "parse",
            message: e.to_string(),
        })?;
        doc.set_parse(deps).map_err(layer("parse"))
    }
}

fn load<T, E: std::fmt::Display>(stage: &'static str, r: Result<T, E>) -> Result<T, StageError> {
    r.map_err(|e| StageError::Stage {
        stage,
        message: format!("cannot load: {e}"),
    })
}

/// What a user may add to the standard pipeline.
#[derive(Debug, Clone, Default)]
pub struct PipelineConfig {
    /// Extra actor dictionaries: knowledge-base TSV files or PETRARCH/TABARI
    /// `.actors` / `.agents` files (`extract --dictionary`).
    pub dictionaries: Vec<std::path::PathBuf>,
    /// Parser beam width (`extract --parse-beam`); 0 or 1 is the default
    /// greedy decoding (see [`chronicler_parse::Decoding::beam`]).
    pub parse_beam: usize,
}

/// The full pipeline with the embedded models and data.
pub fn standard_pipeline() -> Result<Pipeline, StageError> {
    standard_pipeline_timed().map(|(p, _)| p)
}

/// The full pipeline with the user's additions.
pub fn configured_pipeline(config: &PipelineConfig) -> Result<Pipeline, StageError> {
    build(config).map(|(p, _)| p)
}

/// Each component's name and the time it took to build.
pub type LoadTimes = Vec<(&'static str, Duration)>;

/// The full pipeline, with the time each component took to build (model
/// and table loading), for `chronicler bench`.
pub fn standard_pipeline_timed() -> Result<(Pipeline, LoadTimes), StageError> {
    build(&PipelineConfig::default())
}

/// As [`standard_pipeline_timed`], with the user's additions.
pub fn configured_pipeline_timed(
    config: &PipelineConfig,
) -> Result<(Pipeline, LoadTimes), StageError> {
    build(config)
}

fn build(config: &PipelineConfig) -> Result<(Pipeline, LoadTimes), StageError> {
    let mut times = Vec::new();
    let mut timed =
        |name: &'static str, make: &dyn Fn() -> Result<Box<dyn Component>, StageError>| {
            let t = Instant::now();
            let c = make();
            times.push((name, t.elapsed()));
            c
        };
    let components: Vec<Box<dyn Component>> = vec![
        timed("segment", &|| {
            Ok(Box::new(Segment(chronicler_segment::Segmenter::new())))
        })?,
        timed("pos", &|| {
            Ok(Box::new(Pos(load(
                "pos",
                chronicler_tag::PosTagger::load_default(),
            )?)))
        })?,
        timed("ner", &|| {
            Ok(Box::new(Ner(load(
                "ner",
                chronicler_tag::ner::NerTagger::load_default(),
            )?)))
        })?,
        timed("parse", &|| {
            let parser = load("parse", chronicler_parse::Parser::load_default())?;
            Ok(Box::new(Parse(parser.with_decoding(
                chronicler_parse::Decoding::beam(config.parse_beam),
            ))))
        })?,
        timed("actors", &|| {
            let coder = if config.dictionaries.is_empty() {
                chronicler_actors::ActorCoder::try_new()
            } else {
                chronicler_actors::ActorCoder::with_extra_paths(&config.dictionaries)
            };
            Ok(Box::new(Actors(load("actors", coder)?)))
        })?,
        timed("times", &|| {
            Ok(Box::new(Times(chronicler_timeplace::TimeTagger::new())))
        })?,
        timed("places", &|| {
            let r = chronicler_timeplace::PlaceResolver::new();
            // The gazetteer is built lazily; build it now so load time is counted here.
            let _ = chronicler_timeplace::Gazetteer::embedded();
            Ok(Box::new(Places(r)))
        })?,
        timed("quotes", &|| {
            Ok(Box::new(Quotes(chronicler_quotes::QuoteExtractor::new())))
        })?,
        timed("events", &|| {
            Ok(Box::new(Events(chronicler_events::EventCoder::new())))
        })?,
    ];
    let p = Pipeline::new(components).map_err(|e| StageError::Stage {
        stage: e.component,
        message: e.to_string(),
    })?;
    Ok((p, times))
}
