//! Integration tests of chronicler-timeplace (one binary).

mod cases;
mod layers;
mod props;
mod seed;
