//! Developer tooling shared by `cargo xtask` and the black-box tests.

pub mod bench;
pub mod emulator;
pub mod process;
pub mod project;
pub mod table;
