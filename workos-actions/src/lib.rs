//! WorkOS actions for people and agents. The `emulator` module is a local WorkOS to practise
//! on and test against.

pub mod emulator;
