//! The team store: this desk's history shared with the other desks of the
//! operations centre through one PostgreSQL, local first. The window's and
//! the CLI's view of it (`view`) is here; the sync, the claims and the
//! flights a prompt names are beside it.

pub(crate) mod actions;
pub(crate) mod claims;
pub(crate) mod config;
pub(crate) mod flights;
pub(crate) mod holders;
pub(crate) mod service;
pub(crate) mod sync;
pub(crate) mod view;
