//! Refunds owed to customers' cards, sent by a job outside any transaction. A cancellation
//! or a dispute's ruling writes the refund to the ledger and this row in its own
//! transaction; the `payment.send_refund` job sends it to the provider with a key of the
//! row's own (so a retry refunds once) and notes the provider's id of the refund here.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RefundSends::Table)
                    // One refund per ledger transaction that moved money to the refunds account.
                    .col(big_integer(RefundSends::LedgerTransactionId).primary_key())
                    .col(big_integer(RefundSends::BookingId))
                    .col(string_len(RefundSends::ChargeId, 255))
                    .col(big_integer(RefundSends::AmountMinor))
                    .col(string_len(RefundSends::Currency, 3))
                    // The provider's id, once it has taken the refund.
                    .col(string_len_null(RefundSends::RefundId, 255))
                    .col(timestamp_with_time_zone(RefundSends::CreatedAt))
                    .col(timestamp_with_time_zone_null(RefundSends::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefundSends::Table, RefundSends::LedgerTransactionId)
                            .to(LedgerTransactions::Table, LedgerTransactions::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RefundSends::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RefundSends {
    Table,
    LedgerTransactionId,
    BookingId,
    ChargeId,
    AmountMinor,
    Currency,
    RefundId,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum LedgerTransactions {
    Table,
    Id,
}
