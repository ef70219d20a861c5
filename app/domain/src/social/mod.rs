//! The social side of Chef Galaxy: handles, what posts and comments may say, and the
//! published "For you" formula.

pub mod feed;
pub mod handle;
pub mod moderation;
pub mod posts;
pub mod text;

pub use handle::Handle;
