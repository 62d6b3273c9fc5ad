//! Integration tests of chronicler-timeplace (one binary).

mod cases;
mod seed;
