//! `server bench …`: measurements run on purpose, printing figures; never part of the tests.

mod feed;
mod http;
mod jobs;
mod knowledge;
mod search;

pub use feed::{feed, FeedBench};
pub use http::{http, HttpBench};
pub use jobs::{jobs, JobsBench, PhaseReport};
pub use knowledge::{knowledge, KnowledgeBench};
pub use search::{search, SearchBench};

/// The value at percentile `p` (nearest rank) of `sorted`.
fn percentile<T: Copy + Default>(sorted: &[T], p: f64) -> T {
    if sorted.is_empty() {
        return T::default();
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
