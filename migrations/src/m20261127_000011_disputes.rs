//! Disputes on bookings: the dispute with where it stands and the ruling in force, and its
//! audit trail, whose rows are only ever inserted.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TRAIL: &str = "dispute_events";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Disputes::Table)
                    .col(big_integer(Disputes::Id).auto_increment().primary_key())
                    .col(big_integer(Disputes::BookingId))
                    .col(string_len(Disputes::Category, 32))
                    .col(string_len(Disputes::OpenedBy, 16))
                    .col(text(Disputes::Description))
                    .col(integer(Disputes::ClaimedRefundBp))
                    .col(integer_null(Disputes::DishesMissing))
                    .col(integer_null(Disputes::GuestsCounted))
                    .col(string_len(Disputes::Status, 24))
                    // The answer as the rule table reads it (the domain's Answer, as JSON).
                    .col(json_binary(Disputes::Answer))
                    .col(timestamp_with_time_zone_null(Disputes::AnswerDueAt))
                    // The ruling in force and what was refunded by it, for an appeal's
                    // adjustment; the recommendation while an admin decides.
                    .col(json_binary_null(Disputes::Ruling))
                    .col(big_integer(Disputes::RefundedMinor).default(0))
                    .col(json_binary_null(Disputes::Recommended))
                    .col(timestamp_with_time_zone_null(Disputes::AppealClosesAt))
                    .col(boolean(Disputes::Appealed).default(false))
                    .col(timestamp_with_time_zone(Disputes::OpenedAt))
                    .col(timestamp_with_time_zone(Disputes::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_disputes_booking")
                            .from(Disputes::Table, Disputes::BookingId)
                            .to(Bookings::Table, Bookings::Id),
                    )
                    .check(Expr::col(Disputes::ClaimedRefundBp).between(0, 10_000))
                    .to_owned(),
            )
            .await?;
        // One dispute per booking: everything about it goes into that one.
        manager
            .create_index(
                Index::create()
                    .name("idx_disputes_booking")
                    .table(Disputes::Table)
                    .col(Disputes::BookingId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_disputes_status")
                    .table(Disputes::Table)
                    .col(Disputes::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DisputeEvents::Table)
                    .col(
                        big_integer(DisputeEvents::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(DisputeEvents::DisputeId))
                    .col(string_len(DisputeEvents::Kind, 24))
                    .col(string_len(DisputeEvents::ByParty, 16))
                    .col(big_integer_null(DisputeEvents::ActorId))
                    .col(text(DisputeEvents::Body))
                    .col(json_binary(DisputeEvents::MessageIds))
                    .col(json_binary(DisputeEvents::PhotoKeys))
                    .col(json_binary_null(DisputeEvents::Ruling))
                    .col(timestamp_with_time_zone(DisputeEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dispute_events_dispute")
                            .from(DisputeEvents::Table, DisputeEvents::DisputeId)
                            .to(Disputes::Table, Disputes::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dispute_events_dispute")
                    .table(DisputeEvents::Table)
                    .col(DisputeEvents::DisputeId)
                    .to_owned(),
            )
            .await?;
        forbid_rewriting_the_trail(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS {TRAIL}_append_only ON {TRAIL}"
                ))
                .await?;
            }
            _ => {
                for verb in ["update", "delete"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {TRAIL}_append_only_{verb}"
                    ))
                    .await?;
                }
            }
        }
        manager
            .drop_table(Table::drop().table(DisputeEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Disputes::Table).to_owned())
            .await
    }
}

/// The same guard as the ledger's: UPDATE and DELETE on the trail are refused.
async fn forbid_rewriting_the_trail(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() == DbBackend::Postgres {
        // refuse_append_only() was created with the ledger's tables.
        db.execute_unprepared(&format!(
            "CREATE TRIGGER {TRAIL}_append_only BEFORE UPDATE OR DELETE ON {TRAIL} \
             FOR EACH ROW EXECUTE FUNCTION refuse_append_only()"
        ))
        .await?;
    } else {
        for verb in ["update", "delete"] {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {TRAIL}_append_only_{verb} BEFORE {verb} ON {TRAIL} \
                 BEGIN SELECT RAISE(ABORT, 'append_only: {TRAIL} rows are never changed'); END"
            ))
            .await?;
        }
    }
    Ok(())
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Disputes {
    Table,
    Id,
    BookingId,
    Category,
    OpenedBy,
    Description,
    ClaimedRefundBp,
    DishesMissing,
    GuestsCounted,
    Status,
    Answer,
    AnswerDueAt,
    Ruling,
    RefundedMinor,
    Recommended,
    AppealClosesAt,
    Appealed,
    OpenedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DisputeEvents {
    Table,
    Id,
    DisputeId,
    Kind,
    ByParty,
    ActorId,
    Body,
    MessageIds,
    PhotoKeys,
    Ruling,
    CreatedAt,
}
