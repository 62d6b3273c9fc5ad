//! The pipeline: stages applied in order to a [`Document`].
//!
//! Each stage is a [`Component`] that declares the layers it `requires` and
//! `provides`; [`Pipeline::new`] checks that every requirement is provided by
//! an earlier component and names any missing layer. Components are built
//! once (models loaded) and are `Send + Sync`, so documents are processed in
//! parallel with the same pipeline.

use chronicler_doc::{Document, Layer, LayerError};
use std::fmt;

/// One stage of the pipeline.
pub trait Component: Send + Sync {
    /// Short name for messages (`segment`, `ner`, ...).
    fn name(&self) -> &'static str;
    /// Layers that must be set before this component runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this component attaches.
    fn provides(&self) -> &'static [Layer];
    /// Reads the document and attaches the component's layers.
    fn run(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// A stage failed on one document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// A layer could not be attached.
    #[error("stage `{stage}`: {source}")]
    Layer {
        /// The stage.
        stage: &'static str,
        /// Why.
        source: LayerError,
    },
    /// The stage reported an error of its own.
    #[error("stage `{stage}`: {message}")]
    Stage {
        /// The stage.
        stage: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// The pipeline's components are in an impossible order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderError {
    /// The component with an unmet requirement.
    pub component: &'static str,
    /// The layer no earlier component provides.
    pub missing: Layer,
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "component `{}` needs layer `{}`, which no earlier component provides",
            self.component, self.missing
        )
    }
}

impl std::error::Error for OrderError {}

/// An ordered, checked list of components.
pub struct Pipeline {
    components: Vec<Box<dyn Component>>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.components.iter().map(|c| c.name()))
            .finish()
    }
}

impl Pipeline {
    /// Checks the order of `components` and builds the pipeline.
    pub fn new(components: Vec<Box<dyn Component>>) -> Result<Pipeline, OrderError> {
        let mut have: Vec<Layer> = Vec::new();
        for c in &components {
            for &r in c.requires() {
                if !have.contains(&r) {
                    return Err(OrderError {
                        component: c.name(),
                        missing: r,
                    });
                }
            }
            have.extend_from_slice(c.provides());
        }
        Ok(Pipeline { components })
    }

    /// Names of the components, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.components.iter().map(|c| c.name()).collect()
    }

    /// Runs every component on `doc`, in order.
    pub fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        for c in &self.components {
            c.run(doc)?;
        }
        Ok(())
    }

    /// Runs every component on `doc`, adding each component's time to
    /// `times` (one slot per component, in order; extra slots are ignored),
    /// as measured by the differences of `clock` (a wall or CPU clock).
    pub fn run_timed(
        &self,
        doc: &mut Document,
        times: &mut [std::time::Duration],
        clock: fn() -> std::time::Duration,
    ) -> Result<(), StageError> {
        for (i, c) in self.components.iter().enumerate() {
            let t = clock();
            c.run(doc)?;
            if let Some(slot) = times.get_mut(i) {
                *slot += clock().saturating_sub(t);
            }
        }
        Ok(())
    }

    /// Keeps the components up to and including the one named `last`
    /// (all of them when no component has that name); later components
    /// need the layers of earlier ones, never the reverse, so a prefix is
    /// always a valid pipeline.
    pub fn truncate_after(&mut self, last: &str) {
        if let Some(i) = self.components.iter().position(|c| c.name() == last) {
            self.components.truncate(i + 1);
        }
    }
}

/// Wraps a `LayerError` with the stage name.
pub(crate) fn layer(stage: &'static str) -> impl Fn(LayerError) -> StageError {
    move |source| StageError::Layer { stage, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, &'static [Layer], &'static [Layer]);
    impl Component for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [Layer] {
            self.1
        }
        fn provides(&self) -> &'static [Layer] {
            self.2
        }
        fn run(&self, _: &mut Document) -> Result<(), StageError> {
            Ok(())
        }
    }

    #[test]
    fn order_is_checked() {
        let ok = Pipeline::new(vec![
            Box::new(Fake("seg", &[], &[Layer::Tokens])),
            Box::new(Fake("pos", &[Layer::Tokens], &[Layer::Tags])),
        ]);
        assert_eq!(ok.unwrap().names(), vec!["seg", "pos"]);
        let bad = Pipeline::new(vec![
            Box::new(Fake("pos", &[Layer::Tokens], &[Layer::Tags])),
            Box::new(Fake("seg", &[], &[Layer::Tokens])),
        ]);
        let e = bad.unwrap_err();
        assert_eq!(e.missing, Layer::Tokens);
        assert!(e.to_string().contains("`pos` needs layer `tokens`"));
    }
}
