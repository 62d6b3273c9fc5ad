//! Named-entity recognition (CoNLL-2003 labels).
