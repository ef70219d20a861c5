//! Bookings: the event a customer describes, the bookings (direct requests and chefs'
//! proposals) made for it with their history of steps, the money ledger, the idempotency
//! keys that make payment requests safe to retry, the message thread and the reviews.
//!
//! Ledger entries and booking steps are append-only: the database itself refuses to change
//! or delete them, so a bug cannot rewrite history. Money records are never deleted with
//! their booking or user (no cascades there).

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const APPEND_ONLY: &str = "append_only";
const APPEND_ONLY_TABLES: [&str; 3] = ["ledger_transactions", "ledger_entries", "booking_steps"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EventRequests::Table)
                    .col(
                        big_integer(EventRequests::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(EventRequests::CustomerId))
                    .col(string_len(EventRequests::Kind, 16))
                    .col(timestamp_with_time_zone(EventRequests::StartsAt))
                    .col(timestamp_with_time_zone(EventRequests::EndsAt))
                    .col(integer(EventRequests::Guests))
                    .col(string_len(EventRequests::City, 100))
                    .col(double(EventRequests::Latitude))
                    .col(double(EventRequests::Longitude))
                    .col(big_integer_null(EventRequests::BudgetMinor))
                    .col(json_binary(EventRequests::DietaryNeeds))
                    .col(json_binary(EventRequests::Allergens))
                    .col(text(EventRequests::Notes))
                    // Posted to nearby chefs for proposals, rather than sent to one chef.
                    .col(boolean(EventRequests::Posted))
                    .col(timestamp_with_time_zone(EventRequests::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_event_requests_customer")
                            .from(EventRequests::Table, EventRequests::CustomerId)
                            .to(Users::Table, Users::Id),
                    )
                    .check(Expr::col(EventRequests::Guests).gt(0))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_event_requests_customer",
            EventRequests::Table,
            [EventRequests::CustomerId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bookings::Table)
                    .col(big_integer(Bookings::Id).auto_increment().primary_key())
                    .col(big_integer(Bookings::RequestId))
                    .col(big_integer(Bookings::CustomerId))
                    .col(big_integer(Bookings::ChefId))
                    .col(string_len(Bookings::State, 16))
                    .col(json_binary(Bookings::DishIds))
                    .col(integer(Bookings::SpecialDietGuests))
                    .col(json_binary(Bookings::Quote))
                    .col(big_integer(Bookings::TotalMinor))
                    .col(big_integer(Bookings::FeeMinor))
                    .col(string_len(Bookings::Currency, 3))
                    .col(text(Bookings::Message))
                    .col(timestamp_with_time_zone(Bookings::StartsAt))
                    .col(timestamp_with_time_zone(Bookings::EndsAt))
                    .col(timestamp_with_time_zone(Bookings::StateEnteredAt))
                    .col(big_integer_null(Bookings::CalendarBlockId))
                    .col(timestamp_with_time_zone(Bookings::CreatedAt))
                    .col(timestamp_with_time_zone(Bookings::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bookings_request")
                            .from(Bookings::Table, Bookings::RequestId)
                            .to(EventRequests::Table, EventRequests::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bookings_customer")
                            .from(Bookings::Table, Bookings::CustomerId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bookings_chef")
                            .from(Bookings::Table, Bookings::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bookings_calendar_block")
                            .from(Bookings::Table, Bookings::CalendarBlockId)
                            .to(CalendarBlocks::Table, CalendarBlocks::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .check(Expr::col(Bookings::State).is_in([
                        "requested",
                        "proposed",
                        "accepted",
                        "paid",
                        "confirmed",
                        "completed",
                        "released",
                        "cancelled",
                        "expired",
                        "declined",
                    ]))
                    .check(Expr::col(Bookings::TotalMinor).gte(0))
                    .check(Expr::col(Bookings::FeeMinor).gte(0))
                    .to_owned(),
            )
            .await?;
        // One booking per chef per event: a chef edits their proposal rather than adding one.
        manager
            .create_index(
                Index::create()
                    .name("idx_bookings_request_chef")
                    .table(Bookings::Table)
                    .col(Bookings::RequestId)
                    .col(Bookings::ChefId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_bookings_chef_state",
            Bookings::Table,
            [Bookings::ChefId, Bookings::State],
        )
        .await?;
        index(
            manager,
            "idx_bookings_customer",
            Bookings::Table,
            [Bookings::CustomerId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(BookingSteps::Table)
                    .col(big_integer(BookingSteps::Id).auto_increment().primary_key())
                    .col(big_integer(BookingSteps::BookingId))
                    .col(string_len(BookingSteps::FromState, 16))
                    .col(string_len(BookingSteps::ToState, 16))
                    .col(string_len(BookingSteps::Event, 16))
                    .col(string_len(BookingSteps::Party, 16))
                    .col(big_integer_null(BookingSteps::ActorId))
                    .col(timestamp_with_time_zone(BookingSteps::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_booking_steps_booking")
                            .from(BookingSteps::Table, BookingSteps::BookingId)
                            .to(Bookings::Table, Bookings::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_booking_steps_booking",
            BookingSteps::Table,
            [BookingSteps::BookingId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LedgerTransactions::Table)
                    .col(
                        big_integer(LedgerTransactions::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(LedgerTransactions::BookingId))
                    .col(string_len(LedgerTransactions::Movement, 16))
                    // The payment provider's reference for the money that moved, if any.
                    .col(string_len_null(LedgerTransactions::ProviderRef, 100))
                    .col(timestamp_with_time_zone(LedgerTransactions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_transactions_booking")
                            .from(LedgerTransactions::Table, LedgerTransactions::BookingId)
                            .to(Bookings::Table, Bookings::Id),
                    )
                    .check(
                        Expr::col(LedgerTransactions::Movement)
                            .is_in(["payment", "refund", "release", "payout"]),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_ledger_transactions_booking",
            LedgerTransactions::Table,
            [LedgerTransactions::BookingId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(LedgerEntries::Table)
                    .col(
                        big_integer(LedgerEntries::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(LedgerEntries::TransactionId))
                    // Copied from the transaction so balances per booking or chef need no join.
                    .col(big_integer(LedgerEntries::BookingId))
                    .col(big_integer(LedgerEntries::ChefId))
                    .col(string_len(LedgerEntries::Account, 32))
                    .col(big_integer(LedgerEntries::AmountMinor))
                    .col(string_len(LedgerEntries::Currency, 3))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ledger_entries_transaction")
                            .from(LedgerEntries::Table, LedgerEntries::TransactionId)
                            .to(LedgerTransactions::Table, LedgerTransactions::Id),
                    )
                    .check(Expr::col(LedgerEntries::AmountMinor).ne(0))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_ledger_entries_booking",
            LedgerEntries::Table,
            [LedgerEntries::BookingId],
        )
        .await?;
        index(
            manager,
            "idx_ledger_entries_chef_account",
            LedgerEntries::Table,
            [LedgerEntries::ChefId, LedgerEntries::Account],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(big_integer(IdempotencyKeys::UserId))
                    .col(string_len(IdempotencyKeys::Key, 200))
                    // What the key was used for ("pay booking 12") and a hash of the request:
                    // the same key sent with another request is refused, not replayed.
                    .col(string_len(IdempotencyKeys::Scope, 100))
                    .col(string_len(IdempotencyKeys::RequestHash, 64))
                    .col(integer(IdempotencyKeys::Status))
                    .col(text(IdempotencyKeys::Response))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKeys::UserId)
                            .col(IdempotencyKeys::Key),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(big_integer(Messages::Id).auto_increment().primary_key())
                    .col(big_integer(Messages::BookingId))
                    .col(big_integer(Messages::SenderId))
                    .col(text(Messages::Body))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_booking")
                            .from(Messages::Table, Messages::BookingId)
                            .to(Bookings::Table, Bookings::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_sender")
                            .from(Messages::Table, Messages::SenderId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_messages_booking",
            Messages::Table,
            [Messages::BookingId, Messages::Id],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(big_integer(Reviews::Id).auto_increment().primary_key())
                    .col(big_integer(Reviews::BookingId))
                    .col(big_integer(Reviews::AuthorId))
                    .col(big_integer(Reviews::SubjectId))
                    .col(small_integer(Reviews::Food))
                    .col(small_integer(Reviews::Communication))
                    .col(small_integer(Reviews::Punctuality))
                    .col(small_integer(Reviews::Value))
                    .col(text(Reviews::Body))
                    .col(timestamp_with_time_zone(Reviews::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reviews_booking")
                            .from(Reviews::Table, Reviews::BookingId)
                            .to(Bookings::Table, Bookings::Id),
                    )
                    .check(Expr::col(Reviews::Food).between(1, 5))
                    .check(Expr::col(Reviews::Communication).between(1, 5))
                    .check(Expr::col(Reviews::Punctuality).between(1, 5))
                    .check(Expr::col(Reviews::Value).between(1, 5))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reviews_booking_author")
                    .table(Reviews::Table)
                    .col(Reviews::BookingId)
                    .col(Reviews::AuthorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_reviews_subject",
            Reviews::Table,
            [Reviews::SubjectId],
        )
        .await?;

        forbid_rewriting_history(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in APPEND_ONLY_TABLES {
            match manager.get_database_backend() {
                DbBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_{APPEND_ONLY} ON {table}"
                    ))
                    .await?;
                }
                _ => {
                    for verb in ["update", "delete"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {table}_{APPEND_ONLY}_{verb}"
                        ))
                        .await?;
                    }
                }
            }
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS refuse_{APPEND_ONLY}()"))
                .await?;
        }
        for table in [
            Reviews::Table.into_iden(),
            Messages::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            LedgerEntries::Table.into_iden(),
            LedgerTransactions::Table.into_iden(),
            BookingSteps::Table.into_iden(),
            Bookings::Table.into_iden(),
            EventRequests::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Triggers that refuse UPDATE and DELETE on the append-only tables.
async fn forbid_rewriting_history(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "CREATE FUNCTION refuse_{APPEND_ONLY}() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION '{APPEND_ONLY}: % rows are never changed', TG_TABLE_NAME; END \
             $$ LANGUAGE plpgsql"
        ))
        .await?;
        for table in APPEND_ONLY_TABLES {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_{APPEND_ONLY} BEFORE UPDATE OR DELETE ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION refuse_{APPEND_ONLY}()"
            ))
            .await?;
        }
    } else {
        for table in APPEND_ONLY_TABLES {
            for verb in ["update", "delete"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_{APPEND_ONLY}_{verb} BEFORE {verb} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}: {table} rows are never changed'); END"
                ))
                .await?;
            }
        }
    }
    Ok(())
}

async fn index<C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    manager.create_index(index.to_owned()).await
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ChefProfiles {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum CalendarBlocks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EventRequests {
    Table,
    Id,
    CustomerId,
    Kind,
    StartsAt,
    EndsAt,
    Guests,
    City,
    Latitude,
    Longitude,
    BudgetMinor,
    DietaryNeeds,
    Allergens,
    Notes,
    Posted,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
    RequestId,
    CustomerId,
    ChefId,
    State,
    DishIds,
    SpecialDietGuests,
    Quote,
    TotalMinor,
    FeeMinor,
    Currency,
    Message,
    StartsAt,
    EndsAt,
    StateEnteredAt,
    CalendarBlockId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BookingSteps {
    Table,
    Id,
    BookingId,
    FromState,
    ToState,
    Event,
    Party,
    ActorId,
    At,
}

#[derive(DeriveIden)]
enum LedgerTransactions {
    Table,
    Id,
    BookingId,
    Movement,
    ProviderRef,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Id,
    TransactionId,
    BookingId,
    ChefId,
    Account,
    AmountMinor,
    Currency,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    UserId,
    Key,
    Scope,
    RequestHash,
    Status,
    Response,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    BookingId,
    SenderId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    BookingId,
    AuthorId,
    SubjectId,
    Food,
    Communication,
    Punctuality,
    Value,
    Body,
    CreatedAt,
}
