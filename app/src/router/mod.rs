//! The top of the application: the router that mounts every feature's pages, server functions
//! and plain routes behind the shared middleware, the secret links, and the shell. The only module
//! that imports every feature.
#[cfg(all(test, feature = "ssr"))]
mod access_tests;
#[cfg(all(test, feature = "ssr"))]
mod security_tests;
mod shell;

#[cfg(feature = "ssr")]
pub use server::{router, serve};
#[cfg(feature = "ssr")]
pub use shell::shell;
pub use shell::App;

#[cfg(feature = "ssr")]
pub(crate) mod server;
