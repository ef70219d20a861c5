//! Posted requests: the chefs each request invited, and the moment a customer withdrew one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(EventRequests::Table)
                    .add_column(timestamp_with_time_zone_null(EventRequests::WithdrawnAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(big_integer(Invitations::Id).auto_increment().primary_key())
                    .col(big_integer(Invitations::RequestId))
                    .col(big_integer(Invitations::ChefId))
                    .col(double(Invitations::DistanceKm))
                    .col(timestamp_with_time_zone(Invitations::InvitedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_invitations_request")
                            .from(Invitations::Table, Invitations::RequestId)
                            .to(EventRequests::Table, EventRequests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_invitations_chef")
                            .from(Invitations::Table, Invitations::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A chef is invited once per request, however often the invitation job runs.
        manager
            .create_index(
                Index::create()
                    .name("idx_invitations_request_chef")
                    .table(Invitations::Table)
                    .col(Invitations::RequestId)
                    .col(Invitations::ChefId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_invitations_chef")
                    .table(Invitations::Table)
                    .col(Invitations::ChefId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Invitations::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(EventRequests::Table)
                    .drop_column(EventRequests::WithdrawnAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum EventRequests {
    Table,
    Id,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum ChefProfiles {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    RequestId,
    ChefId,
    DistanceKm,
    InvitedAt,
}
