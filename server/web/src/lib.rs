//! The request layer: what every way into Chef Galaxy does the same. Who is asking comes
//! from the session, once, in extractors ([`SignedIn`], [`MaybeSignedIn`], [`SignedInAdmin`])
//! that the JSON handlers take as arguments and the pages' server functions extract the
//! same way; a refusal is an [`ApiError`], which the API sends as JSON and server functions
//! turn into their own error. Nothing here knows a page or a route.

pub mod error;
pub mod session;

pub use error::{ApiError, ErrorBody};
pub use session::{
    end_session, start_session, still_signed_in, MaybeSignedIn, SignedIn, SignedInAdmin,
};
