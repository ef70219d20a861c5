//! Chef ranks: each chef's current rank with its breakdown, and every rank they had, with
//! what caused the recomputation.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChefRanks::Table)
                    .col(big_integer(ChefRanks::ChefId).primary_key())
                    .col(double(ChefRanks::Score))
                    .col(string_len(ChefRanks::Tier, 16))
                    // The domain's Rank as computed: components with their inputs, and tips.
                    .col(json_binary(ChefRanks::Breakdown))
                    .col(timestamp_with_time_zone(ChefRanks::ComputedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chef_ranks_chef")
                            .from(ChefRanks::Table, ChefRanks::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(ChefRanks::Score).between(0.0, 100.0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChefRankHistory::Table)
                    .col(
                        big_integer(ChefRankHistory::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(ChefRankHistory::ChefId))
                    .col(double(ChefRankHistory::Score))
                    .col(string_len(ChefRankHistory::Tier, 16))
                    .col(string_len(ChefRankHistory::Cause, 32))
                    .col(timestamp_with_time_zone(ChefRankHistory::ComputedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chef_rank_history_chef")
                            .from(ChefRankHistory::Table, ChefRankHistory::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chef_rank_history_chef")
                    .table(ChefRankHistory::Table)
                    .col(ChefRankHistory::ChefId)
                    .col(ChefRankHistory::ComputedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChefRankHistory::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ChefRanks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ChefProfiles {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum ChefRanks {
    Table,
    ChefId,
    Score,
    Tier,
    Breakdown,
    ComputedAt,
}

#[derive(DeriveIden)]
enum ChefRankHistory {
    Table,
    Id,
    ChefId,
    Score,
    Tier,
    Cause,
    ComputedAt,
}
