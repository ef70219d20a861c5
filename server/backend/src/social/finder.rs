//! Searching posts and people through the search engine, then reading what was found from
//! the database as the reader may see it: a post deleted or hidden since it was indexed, or
//! anyone across a block from the reader, is left out of the page.

use domain::{
    account::CurrentUser,
    geo::Coordinates,
    paging::{Page, PageRequest},
    search::{nearby_city, Circle, PersonQuery, PostQuery, NEARBY_RADIUS_KM},
    social::{
        feed::{FeedCursor, FeedItem, FeedPage},
        posts::{PersonRef, Post},
    },
};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use std::collections::{HashMap, HashSet};

use super::{
    feeds::{settings_of, wrong_cursor, FEED_PAGE_SIZE},
    views::{people, PostViews},
    visibility::{hidden_people, live_posts, unseen_authors},
};
use crate::{deps::Deps, entities::posts, search::Search, ServiceError};

#[derive(Clone)]
pub struct SocialSearch {
    db: DatabaseConnection,
    search: Search,
    views: PostViews,
}

impl SocialSearch {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            search: deps.search.clone(),
            views: PostViews::new(deps),
        }
    }

    /// Posts matching `query`, in the engine's order.
    pub async fn posts(
        &self,
        reader: Option<&CurrentUser>,
        query: &PostQuery,
    ) -> Result<Page<Post>, ServiceError> {
        let found = self.search.search_posts(query).await?;
        let hidden = self.hidden_from(reader).await?;
        let ids: Vec<i64> = found.items.iter().map(|post| post.id).collect();
        let rows = self.live_rows(&ids, &hidden).await?;
        let items = self.views.many(reader, rows).await?;
        Ok(Page {
            items,
            total: found.total,
            page: found.page,
            per_page: found.per_page,
        })
    }

    /// The nearby feed: posts linked to chefs who work within [`NEARBY_RADIUS_KM`] of the
    /// reader's city (the first city we serve when none is chosen), newest first, through the
    /// search index's geo filter. Blocked and muted authors are left out.
    pub async fn nearby(
        &self,
        reader: Option<&CurrentUser>,
        cursor: Option<&str>,
    ) -> Result<FeedPage, ServiceError> {
        let before_id = match cursor.map(FeedCursor::parse).transpose()? {
            None => None,
            Some(FeedCursor::Nearby { id }) => Some(id),
            Some(_) => return Err(wrong_cursor()),
        };
        let chosen = match reader {
            Some(reader) => settings_of(&self.db, reader.id).await?.city,
            None => None,
        };
        let city = nearby_city(chosen.as_deref());
        let center = Coordinates::parse(city.lat, city.lng).expect("our cities are on the map");
        let query = PostQuery {
            near: Some(Circle {
                center,
                radius_km: NEARBY_RADIUS_KM,
            }),
            before_id,
            page: PageRequest::parse(None, Some(FEED_PAGE_SIZE as i64))?,
            ..PostQuery::newest()
        };
        let found = self.search.search_posts(&query).await?;
        let next_cursor = (found.total > found.items.len() as u64)
            .then(|| found.items.last())
            .flatten()
            .map(|last| FeedCursor::Nearby { id: last.id }.encode());
        let unseen: HashSet<i64> = match reader {
            Some(reader) => unseen_authors(&self.db, reader.id)
                .await?
                .into_iter()
                .collect(),
            None => HashSet::new(),
        };
        let ids: Vec<i64> = found.items.iter().map(|post| post.id).collect();
        let rows = self.live_rows(&ids, &unseen).await?;
        let items = self
            .views
            .many(reader, rows)
            .await?
            .into_iter()
            .map(FeedItem::unranked)
            .collect();
        Ok(FeedPage { items, next_cursor })
    }

    /// The live posts among `ids` in their order, without those of `unseen` authors.
    async fn live_rows(
        &self,
        ids: &[i64],
        unseen: &HashSet<i64>,
    ) -> Result<Vec<posts::Model>, ServiceError> {
        let mut rows: HashMap<i64, posts::Model> = live_posts()
            .filter(posts::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|row| !unseen.contains(&row.author_id))
            .map(|row| (row.id, row))
            .collect();
        Ok(ids.iter().filter_map(|id| rows.remove(id)).collect())
    }

    /// People matching `query` by name, handle or bio, in the engine's order.
    pub async fn people(
        &self,
        reader: Option<&CurrentUser>,
        query: &PersonQuery,
    ) -> Result<Page<PersonRef>, ServiceError> {
        let found = self.search.search_people(query).await?;
        let hidden = self.hidden_from(reader).await?;
        let ids: Vec<i64> = found
            .items
            .iter()
            .map(|person| person.id)
            .filter(|id| !hidden.contains(id))
            .collect();
        let mut refs = people(&self.db, ids.iter().copied().collect()).await?;
        let items = ids.iter().filter_map(|id| refs.remove(id)).collect();
        Ok(Page {
            items,
            total: found.total,
            page: found.page,
            per_page: found.per_page,
        })
    }

    async fn hidden_from(
        &self,
        reader: Option<&CurrentUser>,
    ) -> Result<HashSet<i64>, ServiceError> {
        Ok(match reader {
            Some(reader) => hidden_people(&self.db, reader.id)
                .await?
                .into_iter()
                .collect(),
            None => HashSet::new(),
        })
    }
}
