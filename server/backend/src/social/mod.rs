//! The social network over the marketplace's accounts: handles, posts with photos and tags,
//! follows, blocks and mutes, likes and saves, two-level comments, and the feeds.

pub mod comments;
pub(crate) mod counts;
pub mod event_shares;
pub mod feeds;
pub mod finder;
pub mod graph;
pub mod handles;
pub mod markup;
pub mod moderation;
pub mod posts;
pub mod reactions;
pub mod views;
pub mod visibility;
