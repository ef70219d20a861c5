//! The durable job queue: work the worker runs later, stored in the same database as the
//! change that causes it, so enqueueing commits or rolls back with that change.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(big_integer(Jobs::Id).auto_increment().primary_key())
                    .col(string_len(Jobs::Kind, 64))
                    .col(text(Jobs::Payload))
                    .col(string_len(Jobs::State, 16))
                    .col(timestamp_with_time_zone(Jobs::RunAt))
                    .col(integer(Jobs::Attempts))
                    .col(integer(Jobs::MaxAttempts))
                    .col(string_len_null(Jobs::LeaseOwner, 64))
                    .col(timestamp_with_time_zone_null(Jobs::LeaseExpiresAt))
                    .col(text_null(Jobs::LastError))
                    .col(string_len_null(Jobs::IdempotencyKey, 200).unique_key())
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Jobs::FinishedAt))
                    .check(Expr::col(Jobs::State).is_in(["queued", "running", "done", "dead"]))
                    .check(Expr::col(Jobs::MaxAttempts).gt(0))
                    .to_owned(),
            )
            .await?;
        // What a worker looks for: due queued jobs and running jobs whose lease ran out.
        manager
            .create_index(
                Index::create()
                    .name("idx_jobs_state_run_at")
                    .table(Jobs::Table)
                    .col(Jobs::State)
                    .col(Jobs::RunAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    State,
    RunAt,
    Attempts,
    MaxAttempts,
    LeaseOwner,
    LeaseExpiresAt,
    LastError,
    IdempotencyKey,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}
