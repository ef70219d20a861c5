//! The feeds: Following (chronological) and For you (ranked by the published formula in
//! `domain::social::feed`), both paged by cursor so that a post written while someone scrolls
//! neither repeats nor skips one.
//!
//! Fan-out: on read. A Following page is one indexed query — the newest live posts of each
//! person the reader follows (and the reader's), merged; see [`super::followed_posts`] — so
//! writing a post costs one insert however many followers its author has, and a block,
//! mute, deletion or hiding takes effect on the next page with nothing to clean up. A
//! precomputed inbox per reader (fan-out on write) would make a read cheaper still but costs
//! one row per follower per post and must be rewritten on every block and unfollow; `server
//! bench feed` measures the read path this chooses against the goals (first page p99 ≤ 25
//! ms, next page p99 ≤ 15 ms on PostgreSQL with 10,000 people and 1,000,000 posts).
//!
//! For you scores a bounded set of candidates from the last
//! [`FOR_YOU_WINDOW_DAYS`](domain::social::feed::FOR_YOU_WINDOW_DAYS) days — the newest posts
//! of people followed (a few from each), the newest posts of all, and the most liked — at the instant the first
//! page was asked for (kept in the cursor), so later pages rank by the same clock.

use chrono::{DateTime, Duration, Utc};
use domain::{
    account::CurrentUser,
    places::city_named,
    social::feed::{
        for_you_score, FeedCursor, FeedItem, FeedPage, FeedWeights, PostSignals,
        FOR_YOU_WINDOW_DAYS,
    },
    social::text::tag_of,
};
use sea_orm::{
    sea_query::{OnConflict, Query},
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use std::collections::{HashMap, HashSet};

mod followed_posts;
mod signals;

use followed_posts::{newest_followed_posts, Followed, Newest, Span};
use signals::Signals;

use super::{
    graph::person_by_handle,
    views::PostViews,
    visibility::{live_posts, unseen_authors},
};
use crate::{
    clock::Clock,
    deps::Deps,
    entities::{chef_profiles, feed_settings, follows, post_tags, posts},
    ServiceError,
};

pub const FEED_PAGE_SIZE: u64 = 20;
/// Candidates For you scores per page, from each source.
const FOLLOWED_CANDIDATES: u64 = 120;
/// No one followed fills For you's followed candidates alone.
const FOLLOWED_CANDIDATES_PER_PERSON: u64 = 12;
const RECENT_CANDIDATES: u64 = 300;
const POPULAR_CANDIDATES: u64 = 200;

#[derive(Clone)]
pub struct Feeds {
    db: DatabaseConnection,
    clock: Clock,
    views: PostViews,
}

/// A reader's feed settings, with defaults for anyone who never changed them.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderSettings {
    pub weights: FeedWeights,
    pub city: Option<String>,
}

impl Feeds {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            views: PostViews::new(deps),
        }
    }

    /// Posts of the people `reader` follows and their own, newest first.
    pub async fn following(
        &self,
        reader: &CurrentUser,
        cursor: Option<&str>,
    ) -> Result<FeedPage, ServiceError> {
        let after = chronological_cursor(cursor)?;
        let unseen = self.unseen_authors(reader.id).await?;
        let whose = Followed {
            reader: reader.id,
            with_own_posts: true,
            unseen: &unseen,
        };
        let span = Span {
            newest: after.map(|(created_at, id)| Newest::Before(created_at, id)),
            oldest: None,
        };
        // A page may hold one person's posts only, so each may give a whole page.
        let rows = newest_followed_posts(
            &self.db,
            whose,
            span,
            FEED_PAGE_SIZE + 1,
            FEED_PAGE_SIZE + 1,
        )
        .await?;
        self.chronological_page(Some(reader), rows).await
    }

    /// Whether a post `author_id` just published should be announced to `reader_id`'s open
    /// feeds: None across a block or a mute, else whether it belongs in their Following.
    pub async fn announcement_for(
        &self,
        reader_id: i64,
        author_id: i64,
    ) -> Result<Option<bool>, ServiceError> {
        if self.unseen_authors(reader_id).await?.contains(&author_id) {
            return Ok(None);
        }
        let following = follows::Entity::find_by_id((reader_id, author_id))
            .one(&self.db)
            .await?
            .is_some();
        Ok(Some(following))
    }

    /// One person's posts, newest first (their profile's grid). Not found across a block.
    pub async fn by_author(
        &self,
        viewer: Option<&CurrentUser>,
        handle: &str,
        cursor: Option<&str>,
    ) -> Result<FeedPage, ServiceError> {
        let after = chronological_cursor(cursor)?;
        let author = person_by_handle(&self.db, viewer, handle).await?;
        let query = live_posts().filter(posts::Column::AuthorId.eq(author.id));
        self.newest_first(viewer, query, after).await
    }

    /// Posts tagged `#tag`, newest first; a malformed tag has no posts.
    pub async fn tagged(
        &self,
        viewer: Option<&CurrentUser>,
        tag: &str,
        cursor: Option<&str>,
    ) -> Result<FeedPage, ServiceError> {
        let after = chronological_cursor(cursor)?;
        let tag = tag_of(tag).ok_or(ServiceError::NotFound("Tag"))?;
        let tagged = Query::select()
            .column(post_tags::Column::PostId)
            .from(post_tags::Entity)
            .and_where(post_tags::Column::Tag.eq(tag))
            .to_owned();
        let query = live_posts().filter(posts::Column::Id.in_subquery(tagged));
        self.newest_first(viewer, query, after).await
    }

    /// A page of `query`'s posts, newest first after the cursor's post, without the posts of
    /// people the viewer blocked, was blocked by, or muted.
    async fn newest_first(
        &self,
        viewer: Option<&CurrentUser>,
        mut query: sea_orm::Select<posts::Entity>,
        after: Option<(DateTime<Utc>, i64)>,
    ) -> Result<FeedPage, ServiceError> {
        if let Some(viewer) = viewer {
            query = query
                .filter(posts::Column::AuthorId.is_not_in(self.unseen_authors(viewer.id).await?));
        }
        if let Some((created_at, id)) = after {
            query = query.filter(before(created_at, id));
        }
        let rows = query
            .order_by_desc(posts::Column::CreatedAt)
            .order_by_desc(posts::Column::Id)
            .limit(FEED_PAGE_SIZE + 1)
            .all(&self.db)
            .await?;
        self.chronological_page(viewer, rows).await
    }

    /// Up to a page of `rows` (newest first, one more than a page when more follow), with the
    /// cursor of the next page.
    async fn chronological_page(
        &self,
        viewer: Option<&CurrentUser>,
        mut rows: Vec<posts::Model>,
    ) -> Result<FeedPage, ServiceError> {
        let more = rows.len() as u64 > FEED_PAGE_SIZE;
        rows.truncate(FEED_PAGE_SIZE as usize);
        let next_cursor = more.then(|| {
            let last = rows.last().expect("a full page has a last post");
            FeedCursor::Following {
                created_at: last.created_at,
                id: last.id,
            }
            .encode()
        });
        let items = self
            .views
            .many(viewer, rows)
            .await?
            .into_iter()
            .map(FeedItem::unranked)
            .collect();
        Ok(FeedPage { items, next_cursor })
    }

    /// Posts ranked for `reader` (or for a visitor, by the default weights) with the terms of
    /// each score.
    pub async fn for_you(
        &self,
        reader: Option<&CurrentUser>,
        cursor: Option<&str>,
    ) -> Result<FeedPage, ServiceError> {
        let (as_of, after) = match cursor.map(FeedCursor::parse).transpose()? {
            None => (self.clock.now(), None),
            Some(FeedCursor::ForYou { as_of, score, id }) => (as_of, Some((score, id))),
            Some(_) => return Err(wrong_cursor()),
        };
        let settings = match reader {
            Some(reader) => self.settings(reader.id).await?,
            None => ReaderSettings {
                weights: FeedWeights::default(),
                city: None,
            },
        };
        let (unseen, followed) = match reader {
            Some(reader) => (
                self.unseen_authors(reader.id).await?,
                self.followed(reader.id).await?,
            ),
            None => (Vec::new(), HashSet::new()),
        };
        let candidates = self
            .candidates(as_of, reader.filter(|_| !followed.is_empty()), &unseen)
            .await?;
        let signals = Signals::gather(&self.db, reader, &settings, &candidates, as_of).await?;
        let mut ranked: Vec<(f64, posts::Model, domain::social::feed::FeedScore)> = candidates
            .into_iter()
            .map(|post| {
                let own = reader.is_some_and(|reader| reader.id == post.author_id);
                let post_signals = PostSignals {
                    age_hours: (as_of - post.created_at).num_seconds().max(0) as f64 / 3600.0,
                    likes: post.like_count.max(0) as u32,
                    comments: post.comment_count.max(0) as u32,
                    following: own || followed.contains(&post.author_id),
                    chef_distance_km: signals.chef_distance_km(&post),
                    cuisine_affinity: signals.cuisine_affinity(post.id),
                };
                let explained = for_you_score(&post_signals, &settings.weights);
                (explained.score, post, explained)
            })
            .filter(|(score, post, _)| {
                after.is_none_or(|(last_score, last_id)| (*score, post.id) < (last_score, last_id))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.id.cmp(&a.1.id)));
        let more = ranked.len() as u64 > FEED_PAGE_SIZE;
        ranked.truncate(FEED_PAGE_SIZE as usize);
        let next_cursor = more.then(|| {
            let (score, post, _) = ranked.last().expect("a full page has a last post");
            FeedCursor::ForYou {
                as_of,
                score: *score,
                id: post.id,
            }
            .encode()
        });
        let explanations: Vec<_> = ranked
            .iter()
            .map(|(score, _, why)| (*score, why.clone()))
            .collect();
        let posts = self
            .views
            .many(
                reader,
                ranked.into_iter().map(|(_, post, _)| post).collect(),
            )
            .await?;
        let items = posts
            .into_iter()
            .zip(explanations)
            .map(|(post, (score, why))| FeedItem {
                post,
                score: Some(score),
                why: Some(why),
            })
            .collect();
        Ok(FeedPage { items, next_cursor })
    }

    pub async fn settings(&self, reader_id: i64) -> Result<ReaderSettings, ServiceError> {
        settings_of(&self.db, reader_id).await
    }

    /// Saves the reader's weights and the city "nearby" is measured from (one we serve).
    pub async fn save_settings(
        &self,
        reader: &CurrentUser,
        weights: FeedWeights,
        city: Option<&str>,
    ) -> Result<ReaderSettings, ServiceError> {
        let weights = weights.checked()?;
        let city = match city.map(str::trim).filter(|city| !city.is_empty()) {
            Some(name) => Some(
                city_named(name)
                    .ok_or_else(|| {
                        domain::FieldError::new("city", "Choose one of the cities we serve.")
                    })?
                    .name
                    .to_owned(),
            ),
            None => None,
        };
        let row = feed_settings::ActiveModel {
            user_id: Set(reader.id),
            recency: Set(weights.recency),
            popularity: Set(weights.popularity),
            following: Set(weights.following),
            nearby: Set(weights.nearby),
            cuisines: Set(weights.cuisines),
            city: Set(city.clone()),
            updated_at: Set(self.clock.now()),
        };
        feed_settings::Entity::insert(row)
            .on_conflict(
                OnConflict::column(feed_settings::Column::UserId)
                    .update_columns([
                        feed_settings::Column::Recency,
                        feed_settings::Column::Popularity,
                        feed_settings::Column::Following,
                        feed_settings::Column::Nearby,
                        feed_settings::Column::Cuisines,
                        feed_settings::Column::City,
                        feed_settings::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(ReaderSettings { weights, city })
    }

    /// People whose posts `reader` does not see: both sides of their blocks, and their mutes.
    async fn unseen_authors(&self, reader: i64) -> Result<Vec<i64>, ServiceError> {
        unseen_authors(&self.db, reader).await
    }

    async fn followed(&self, reader: i64) -> Result<HashSet<i64>, ServiceError> {
        Ok(follows::Entity::find()
            .filter(follows::Column::FollowerId.eq(reader))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|follow| follow.followee_id)
            .collect())
    }

    /// For you's candidates; the followed ones only when `reader` follows someone.
    async fn candidates(
        &self,
        as_of: DateTime<Utc>,
        reader: Option<&CurrentUser>,
        unseen: &[i64],
    ) -> Result<Vec<posts::Model>, ServiceError> {
        let oldest = as_of - Duration::days(FOR_YOU_WINDOW_DAYS);
        let window = || {
            live_posts()
                .filter(posts::Column::CreatedAt.lte(as_of))
                .filter(posts::Column::CreatedAt.gt(oldest))
                .filter(posts::Column::AuthorId.is_not_in(unseen.to_vec()))
        };
        let mut found: HashMap<i64, posts::Model> = HashMap::new();
        if let Some(reader) = reader {
            let whose = Followed {
                reader: reader.id,
                with_own_posts: false,
                unseen,
            };
            let span = Span {
                newest: Some(Newest::At(as_of)),
                oldest: Some(oldest),
            };
            let rows = newest_followed_posts(
                &self.db,
                whose,
                span,
                FOLLOWED_CANDIDATES_PER_PERSON,
                FOLLOWED_CANDIDATES,
            )
            .await?;
            found.extend(rows.into_iter().map(|post| (post.id, post)));
        }
        let recent = window()
            .order_by_desc(posts::Column::CreatedAt)
            .limit(RECENT_CANDIDATES)
            .all(&self.db)
            .await?;
        let popular = window()
            .order_by_desc(posts::Column::LikeCount)
            .order_by_desc(posts::Column::Id)
            .limit(POPULAR_CANDIDATES)
            .all(&self.db)
            .await?;
        found.extend(
            recent
                .into_iter()
                .chain(popular)
                .map(|post| (post.id, post)),
        );
        Ok(found.into_values().collect())
    }
}

/// A reader's feed settings; a chef who never chose a city measures "nearby" from their own.
pub(super) async fn settings_of(
    db: &DatabaseConnection,
    reader_id: i64,
) -> Result<ReaderSettings, ServiceError> {
    Ok(
        match feed_settings::Entity::find_by_id(reader_id).one(db).await? {
            Some(row) => ReaderSettings {
                weights: FeedWeights {
                    recency: row.recency,
                    popularity: row.popularity,
                    following: row.following,
                    nearby: row.nearby,
                    cuisines: row.cuisines,
                },
                city: row.city,
            },
            None => ReaderSettings {
                weights: FeedWeights::default(),
                city: chef_profiles::Entity::find_by_id(reader_id)
                    .one(db)
                    .await?
                    .map(|profile| profile.city),
            },
        },
    )
}

/// Posts older than the one at (`created_at`, `id`) in newest-first order.
fn before(created_at: DateTime<Utc>, id: i64) -> Condition {
    // The plain bound on created_at lets the database start its index scan at the cursor;
    // the OR alone makes PostgreSQL read the newer posts too and throw them away.
    Condition::all()
        .add(posts::Column::CreatedAt.lte(created_at))
        .add(
            Condition::any()
                .add(posts::Column::CreatedAt.lt(created_at))
                .add(
                    Condition::all()
                        .add(posts::Column::CreatedAt.eq(created_at))
                        .add(posts::Column::Id.lt(id)),
                ),
        )
}

/// Where a newest-first list continues: a For-you cursor does not fit it.
fn chronological_cursor(
    cursor: Option<&str>,
) -> Result<Option<(DateTime<Utc>, i64)>, ServiceError> {
    match cursor.map(FeedCursor::parse).transpose()? {
        None => Ok(None),
        Some(FeedCursor::Following { created_at, id }) => Ok(Some((created_at, id))),
        Some(_) => Err(wrong_cursor()),
    }
}

pub(super) fn wrong_cursor() -> ServiceError {
    domain::FieldError::new(
        "cursor",
        "This cursor belongs to another feed; start again from the first page.",
    )
    .into()
}
