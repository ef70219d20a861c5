//! The live posts of each author, newest first, in an index that holds everything the feeds'
//! per-author reads need: a Following page reads a few entries from the range of each person
//! followed and then only the rows of the posts it shows (an index-only scan on PostgreSQL),
//! instead of a table row for every entry it looks at.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A partial index: sea-query's builder has no WHERE for indexes; the statement is the
        // same on PostgreSQL and SQLite.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_posts_live_by_author ON posts (author_id, created_at, id) \
                 WHERE deleted_at IS NULL AND hidden_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX idx_posts_live_by_author")
            .await?;
        Ok(())
    }
}
