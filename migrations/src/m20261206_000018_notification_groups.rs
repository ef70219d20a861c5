//! Grouped notifications: "Ana and 3 others liked your post". An unread notification of a
//! group (a post's likes, its comments, new followers) is replaced by one naming the newest
//! person and counting the others, instead of one notification per tap.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null(Notifications::GroupKey, 64),
            // JSON: the distinct people the group counts, newest last.
            text(Notifications::ActorIds).default("[]").to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Notifications::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        index(
            manager,
            "idx_notifications_group",
            Notifications::Table,
            &[Notifications::RecipientId, Notifications::GroupKey],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_notifications_group")
                    .table(Notifications::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Notifications::ActorIds, Notifications::GroupKey] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Notifications::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    RecipientId,
    GroupKey,
    ActorIds,
}
