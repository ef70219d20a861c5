//! Charges reserved before the payment provider is called. A customer's payment runs in three
//! steps so no write transaction waits on a card network: a short transaction reserves the
//! charge (this row), the provider is called holding no transaction, a second short
//! transaction confirms it. A reservation left open by a crash is finished by a job that asks
//! the provider again with the same idempotency key.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChargeReservations::Table)
                    .col(big_pk_auto(ChargeReservations::Id))
                    .col(big_integer(ChargeReservations::BookingId))
                    // Whose Idempotency-Key the outcome is stored under.
                    .col(big_integer(ChargeReservations::UserId))
                    .col(string_len(ChargeReservations::RequestKey, 200))
                    // The key the provider is sent: the same on every retry, so it charges once.
                    .col(string_len_uniq(ChargeReservations::ProviderKey, 255))
                    .col(big_integer(ChargeReservations::AmountMinor))
                    .col(string_len(ChargeReservations::Currency, 3))
                    // The card as the provider takes it, kept only until the charge settles.
                    .col(text(ChargeReservations::Card))
                    // reserved → charged | failed
                    .col(string_len(ChargeReservations::State, 20))
                    .col(string_len_null(ChargeReservations::ChargeId, 255))
                    .col(timestamp_with_time_zone(ChargeReservations::CreatedAt))
                    .col(timestamp_with_time_zone_null(ChargeReservations::SettledAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChargeReservations::Table, ChargeReservations::BookingId)
                            .to(Bookings::Table, Bookings::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_charge_reservations_booking_state")
                    .table(ChargeReservations::Table)
                    .col(ChargeReservations::BookingId)
                    .col(ChargeReservations::State)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChargeReservations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ChargeReservations {
    Table,
    Id,
    BookingId,
    UserId,
    RequestKey,
    ProviderKey,
    AmountMinor,
    Currency,
    Card,
    State,
    ChargeId,
    CreatedAt,
    SettledAt,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
}
