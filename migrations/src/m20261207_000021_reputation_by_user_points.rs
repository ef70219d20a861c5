//! Each person's reputation lines with their points, in one index: a question page sums the
//! ledgers of everyone on it (thousands of lines for an active chef) from the index alone
//! (index-only on PostgreSQL) instead of visiting a table row per line. The ledger stays the
//! only source of a total.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_reputation_events_user_points")
                    .table(ReputationEvents::Table)
                    .col(ReputationEvents::UserId)
                    .col(ReputationEvents::Points)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_reputation_events_user_points")
                    .table(ReputationEvents::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ReputationEvents {
    Table,
    UserId,
    Points,
}
