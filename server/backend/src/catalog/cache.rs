//! The public catalogue as every visitor sees it — pages of chef cards, the featured chefs, a
//! chef's profile — kept in memory, since thousands of visitors read the same few pages between
//! two changes to a chef.
//!
//! Every change to a chef, a dish or a person enqueues their index job in its own transaction,
//! so the newest such job's id ([`crate::search::outbox::catalog_version`]) moves exactly when
//! something a catalogue page shows may have changed, on every instance at once. Entries are
//! filed under the version they were read at; one cheap read of it per request replaces the
//! dozen reads of a chef's page. A read that began before a change and ended after it files
//! its answer under the old version, where nobody looks any more. What changes with time alone
//! (a busy date passing, a review's blind period ending) is read again after [`FRESH_FOR`] on
//! the platform's clock, so moving a test clock past an event expires it too.

use chrono::{DateTime, Duration, Utc};
use domain::{
    catalog::{ChefCard, ChefProfile},
    paging::Page,
};
use moka::sync::Cache;
use std::{future::Future, hash::Hash};

use crate::ServiceError;

/// How long an entry is served when nothing changed.
pub const FRESH_FOR: Duration = Duration::seconds(60);

/// Entries of each kind kept at most: the first pages of the list, the chefs people look at.
const CAPACITY: u64 = 2_000;

/// A page of the chef list: page, items per page, and the text it was filtered by.
pub type PageKey = (u64, u64, Option<String>);

/// Cheap to clone: clones share the entries.
#[derive(Clone)]
pub struct CatalogCache {
    pub pages: Kept<PageKey, Page<ChefCard>>,
    /// Featured chefs by how many are shown.
    pub featured: Kept<u64, Vec<ChefCard>>,
    /// Chef profiles by chef id.
    pub profiles: Kept<i64, ChefProfile>,
}

impl Default for CatalogCache {
    fn default() -> Self {
        Self {
            pages: Kept::new(CAPACITY),
            featured: Kept::new(CAPACITY),
            profiles: Kept::new(CAPACITY),
        }
    }
}

/// Answers of one kind filed under (catalogue version, key). Cheap to clone: clones share the
/// entries.
#[derive(Clone)]
pub struct Kept<K, T> {
    entries: Cache<(i64, K), Entry<T>>,
}

#[derive(Clone)]
struct Entry<T> {
    value: T,
    read_at: DateTime<Utc>,
}

/// When and at which catalogue version a request reads.
#[derive(Debug, Clone, Copy)]
pub struct ReadAt {
    pub version: i64,
    pub now: DateTime<Utc>,
}

impl<K, T> Kept<K, T>
where
    K: Hash + Eq + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    /// Real time here only frees the memory of entries nobody asks for any more.
    fn new(capacity: u64) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(FRESH_FOR.to_std().expect("positive"))
                .build(),
        }
    }

    /// Entries that differ much in size, kept up to `max_bytes` as `bytes_of` counts them.
    pub fn weighed(max_bytes: u64, bytes_of: fn(&T) -> u32) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(max_bytes)
                .weigher(move |_key, entry: &Entry<T>| bytes_of(&entry.value))
                .time_to_live(FRESH_FOR.to_std().expect("positive"))
                .build(),
        }
    }

    /// The kept answer for `key` at this version, if fresh on the platform's clock; else
    /// `read`'s, kept. Errors (a chef not found) are not kept.
    pub async fn get_or_read<F>(
        &self,
        at: ReadAt,
        key: K,
        read: impl FnOnce() -> F,
    ) -> Result<T, ServiceError>
    where
        F: Future<Output = Result<T, ServiceError>>,
    {
        let key = (at.version, key);
        if let Some(kept) = self.fresh(at, &key) {
            return Ok(kept);
        }
        let value = read().await?;
        self.keep_filed(at, key, value.clone());
        Ok(value)
    }

    /// The kept answer for `key` at this version, if fresh on the platform's clock.
    pub fn kept(&self, at: ReadAt, key: K) -> Option<T> {
        self.fresh(at, &(at.version, key))
    }

    /// Keeps `value` as the answer for `key` read at `at`.
    pub fn keep(&self, at: ReadAt, key: K, value: T) {
        self.keep_filed(at, (at.version, key), value);
    }

    fn fresh(&self, at: ReadAt, key: &(i64, K)) -> Option<T> {
        let kept = self.entries.get(key)?;
        let age = at.now - kept.read_at;
        (age >= Duration::zero() && age < FRESH_FOR).then_some(kept.value)
    }

    fn keep_filed(&self, at: ReadAt, key: (i64, K), value: T) {
        self.entries.insert(
            key,
            Entry {
                value,
                read_at: at.now,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::sync::atomic::{AtomicUsize, Ordering};

    type Names = Kept<u64, String>;

    fn names() -> Names {
        Kept::new(10)
    }

    fn nine_o_clock() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    async fn name(cache: &Names, at: ReadAt, read: &'static str) -> Result<String, ServiceError> {
        cache
            .get_or_read(at, 6, || async { Ok(read.to_owned()) })
            .await
    }

    #[tokio::test]
    async fn the_same_version_is_read_once_and_a_new_version_is_read_again() {
        let cache = names();
        let reads = AtomicUsize::new(0);
        let at = ReadAt {
            version: 7,
            now: nine_o_clock(),
        };
        for _ in 0..3 {
            let kept = cache.get_or_read(at, 6, || async {
                reads.fetch_add(1, Ordering::SeqCst);
                Ok("Ana".to_owned())
            });
            assert_eq!(kept.await.unwrap(), "Ana");
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        let changed = ReadAt { version: 8, ..at };
        assert_eq!(name(&cache, changed, "Bea").await.unwrap(), "Bea");
    }

    #[tokio::test]
    async fn an_entry_is_read_again_a_minute_later_on_the_platforms_clock() {
        let cache = names();
        let at = ReadAt {
            version: 1,
            now: nine_o_clock(),
        };
        name(&cache, at, "Ana").await.unwrap();
        let within = ReadAt {
            now: at.now + Duration::seconds(59),
            ..at
        };
        assert_eq!(name(&cache, within, "Bea").await.unwrap(), "Ana");
        let later = ReadAt {
            now: at.now + FRESH_FOR,
            ..at
        };
        assert_eq!(name(&cache, later, "Bea").await.unwrap(), "Bea");
    }

    #[tokio::test]
    async fn a_failed_read_is_not_kept() {
        let cache = names();
        let at = ReadAt {
            version: 1,
            now: nine_o_clock(),
        };
        let missing = cache.get_or_read(at, 6, || async { Err(ServiceError::NotFound("Chef")) });
        assert!(matches!(missing.await, Err(ServiceError::NotFound("Chef"))));
        assert_eq!(
            name(&cache, at, "Ana").await.unwrap(),
            "Ana",
            "read again, not kept"
        );
    }
}
