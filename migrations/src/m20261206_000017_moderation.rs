//! Moderation: what people report, and the moderators' decisions with the author's appeal.
//! A report stays open until a decision names it; the queue is the open reports grouped by
//! what they are about.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ModerationDecisions::Table)
                    .col(
                        big_integer(ModerationDecisions::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(string_len(ModerationDecisions::TargetKind, 16))
                    .col(big_integer(ModerationDecisions::TargetId))
                    // Whose content it was, or the person reported: who is told, and may appeal.
                    .col(big_integer(ModerationDecisions::SubjectId))
                    .col(big_integer(ModerationDecisions::ModeratorId))
                    .col(string_len(ModerationDecisions::Action, 16))
                    .col(text(ModerationDecisions::Reason))
                    .col(timestamp_with_time_zone(ModerationDecisions::CreatedAt))
                    .col(text_null(ModerationDecisions::AppealText))
                    .col(timestamp_with_time_zone_null(
                        ModerationDecisions::AppealedAt,
                    ))
                    .col(string_len_null(ModerationDecisions::AppealStatus, 16))
                    .col(text_null(ModerationDecisions::AppealResponse))
                    .col(timestamp_with_time_zone_null(
                        ModerationDecisions::AppealDecidedAt,
                    ))
                    .col(big_integer_null(ModerationDecisions::AppealDecidedBy))
                    .foreign_key(&mut fk(
                        "fk_moderation_decisions_subject",
                        ModerationDecisions::Table,
                        ModerationDecisions::SubjectId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_moderation_decisions_moderator",
                        ModerationDecisions::Table,
                        ModerationDecisions::ModeratorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_moderation_decisions_subject",
            ModerationDecisions::Table,
            &[
                ModerationDecisions::SubjectId,
                ModerationDecisions::CreatedAt,
            ],
            false,
        )
        .await?;
        index(
            manager,
            "idx_moderation_decisions_appeal",
            ModerationDecisions::Table,
            &[
                ModerationDecisions::AppealStatus,
                ModerationDecisions::AppealedAt,
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(big_integer(Reports::Id).auto_increment().primary_key())
                    .col(big_integer(Reports::ReporterId))
                    .col(string_len(Reports::TargetKind, 16))
                    .col(big_integer(Reports::TargetId))
                    .col(big_integer(Reports::SubjectId))
                    .col(string_len(Reports::Reason, 32))
                    .col(text(Reports::Details).default(""))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(big_integer_null(Reports::DecisionId))
                    .foreign_key(&mut fk(
                        "fk_reports_reporter",
                        Reports::Table,
                        Reports::ReporterId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reports_subject",
                        Reports::Table,
                        Reports::SubjectId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reports_decision",
                        Reports::Table,
                        Reports::DecisionId,
                        ModerationDecisions::Table,
                        ModerationDecisions::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        // One report per person per thing: a second is a 409, not a louder voice.
        index(
            manager,
            "idx_reports_reporter_target",
            Reports::Table,
            &[Reports::ReporterId, Reports::TargetKind, Reports::TargetId],
            true,
        )
        .await?;
        index(
            manager,
            "idx_reports_open",
            Reports::Table,
            &[Reports::DecisionId, Reports::CreatedAt],
            false,
        )
        .await?;
        index(
            manager,
            "idx_reports_target",
            Reports::Table,
            &[Reports::TargetKind, Reports::TargetId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Reports::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ModerationDecisions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    Id,
    ReporterId,
    TargetKind,
    TargetId,
    SubjectId,
    Reason,
    Details,
    CreatedAt,
    DecisionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ModerationDecisions {
    Table,
    Id,
    TargetKind,
    TargetId,
    SubjectId,
    ModeratorId,
    Action,
    Reason,
    CreatedAt,
    AppealText,
    AppealedAt,
    AppealStatus,
    AppealResponse,
    AppealDecidedAt,
    AppealDecidedBy,
}
