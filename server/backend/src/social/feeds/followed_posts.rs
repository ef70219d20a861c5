//! The newest live posts of the people a reader follows, read author by author.
//!
//! "The newest posts whose author is among these" walked down the global `created_at` index
//! reads every newer post of everybody else until enough match: for a reader whose followees
//! rarely post, that is most of the table (424 ms for one such reader of the feed benchmark).
//! Asking each followee's own range of `idx_posts_live_by_author` for their newest few and
//! merging those costs at most followees × `per_author` index entries, whoever they are.
//! PostgreSQL says so with a `LATERAL` join over the index alone, then reads only the rows
//! of the posts that made the page; SQLite, which has no `LATERAL`, with a correlated
//! `IN (… LIMIT n)` that it runs once per followee.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbBackend, EntityTrait, Statement, Value};

use crate::{entities::posts, ServiceError};

/// Whose posts: the people `reader` follows, less those they must not see, and the reader's
/// own when asked.
pub(super) struct Followed<'a> {
    pub reader: i64,
    pub with_own_posts: bool,
    pub unseen: &'a [i64],
}

/// Which posts of theirs: at or before `newest` (strictly before its post, for a cursor),
/// after `oldest`.
pub(super) struct Span {
    pub newest: Option<Newest>,
    pub oldest: Option<DateTime<Utc>>,
}

pub(super) enum Newest {
    /// Written at or before this instant.
    At(DateTime<Utc>),
    /// Older than the post at (`created_at`, `id`) in newest-first order.
    Before(DateTime<Utc>, i64),
}

/// At most `limit` posts, newest first (ties by id), taking no more than `per_author` of any
/// one person.
pub(super) async fn newest_followed_posts(
    db: &DatabaseConnection,
    whose: Followed<'_>,
    span: Span,
    per_author: u64,
    limit: u64,
) -> Result<Vec<posts::Model>, ServiceError> {
    let backend = db.get_database_backend();
    let mut sql = Sql::default();
    let reader = sql.bind(whose.reader);
    let mut authors =
        format!("SELECT followee_id AS author_id FROM follows WHERE follower_id = {reader}");
    if !whose.unseen.is_empty() {
        let unseen: Vec<String> = whose.unseen.iter().map(|id| sql.bind(*id)).collect();
        authors += &format!(" AND followee_id NOT IN ({})", unseen.join(", "));
    }
    if whose.with_own_posts {
        authors += &format!(" UNION SELECT CAST({reader} AS BIGINT)");
    }

    let mut own_range = vec![
        "q.author_id = a.author_id".to_owned(),
        "q.deleted_at IS NULL".to_owned(),
        "q.hidden_at IS NULL".to_owned(),
    ];
    match span.newest {
        Some(Newest::At(instant)) => {
            own_range.push(format!("q.created_at <= {}", sql.bind(instant)));
        }
        Some(Newest::Before(created_at, id)) => {
            // The plain bound lets the index scan start at the cursor.
            let created_at = sql.bind(created_at);
            let id = sql.bind(id);
            own_range.push(format!("q.created_at <= {created_at}"));
            own_range.push(format!("(q.created_at < {created_at} OR q.id < {id})"));
        }
        None => {}
    }
    if let Some(oldest) = span.oldest {
        own_range.push(format!("q.created_at > {}", sql.bind(oldest)));
    }
    let own_range = own_range.join(" AND ");
    let newest_of_each = "ORDER BY q.created_at DESC, q.id DESC";
    let merged = format!("ORDER BY p.created_at DESC, p.id DESC LIMIT {limit}");

    let text = match backend {
        // Ids first, from the index alone; then the rows of the posts that made the page.
        DbBackend::Postgres => format!(
            "SELECT p.* FROM posts p JOIN \
             (SELECT l.id, l.created_at FROM ({authors}) a CROSS JOIN LATERAL \
               (SELECT q.id, q.created_at FROM posts q WHERE {own_range} {newest_of_each} \
                LIMIT {per_author}) l \
              ORDER BY l.created_at DESC, l.id DESC LIMIT {limit}) top ON p.id = top.id \
             ORDER BY p.created_at DESC, p.id DESC"
        ),
        _ => format!(
            "SELECT p.* FROM ({authors}) a JOIN posts p ON p.id IN \
             (SELECT q.id FROM posts q WHERE {own_range} {newest_of_each} LIMIT {per_author}) \
             {merged}"
        ),
    };
    Ok(posts::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, text, sql.values))
        .all(db)
        .await?)
}

/// Values bound as numbered parameters (`$1`, `$2`…), which both databases read.
#[derive(Default)]
struct Sql {
    values: Vec<Value>,
}

impl Sql {
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }
}
