//! Payment providers' webhook events, each kept once (a provider retries until it hears
//! 2xx, so the same event may arrive many times), with what our ledger made of it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PaymentEvents::Table)
                    .col(string_len(PaymentEvents::EventId, 255).primary_key())
                    .col(string_len(PaymentEvents::Kind, 100))
                    .col(string_len(PaymentEvents::ObjectId, 255))
                    .col(big_integer(PaymentEvents::AmountMinor))
                    .col(string_len(PaymentEvents::Currency, 3))
                    // From the provider's metadata: evidence, not a reference we trust.
                    .col(big_integer_null(PaymentEvents::BookingId))
                    // Whether a ledger transaction carries the provider's id of this object.
                    .col(boolean(PaymentEvents::InLedger))
                    .col(timestamp_with_time_zone(PaymentEvents::ReceivedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payment_events_object")
                    .table(PaymentEvents::Table)
                    .col(PaymentEvents::ObjectId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PaymentEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PaymentEvents {
    Table,
    EventId,
    Kind,
    ObjectId,
    AmountMinor,
    Currency,
    BookingId,
    InLedger,
    ReceivedAt,
}
