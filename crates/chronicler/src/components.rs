//! Adapters that make each stage crate a pipeline [`Component`], and the
//! standard pipeline built from them.

use crate::pipeline::{layer, Component, Pipeline, StageError};
use chronicler_doc::{Document, Layer};

/// Sentences and tokens (`chronicler-segment`).
#[derive(Debug, Default)]
pub struct Segment(pub chronicler_segment::Segmenter);

impl Component for Segment {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }
    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let (sentences, tokens) = self.0.segment(doc.text());
        doc.set_segmentation(sentences, tokens)
            .map_err(layer(self.name()))
    }
}

/// The full pipeline with the embedded models and data.
pub fn standard_pipeline() -> Result<Pipeline, StageError> {
    let components: Vec<Box<dyn Component>> =
        vec![Box::new(Segment(chronicler_segment::Segmenter::new()))];
    Pipeline::new(components).map_err(|e| StageError::Stage {
        stage: e.component,
        message: e.to_string(),
    })
}
