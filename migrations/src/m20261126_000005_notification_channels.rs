//! Where notifications go and what they lead to: each person's channel per kind, the email
//! outbox (every email the site sends, kept whether or not SMTP is configured), and saved
//! chefs, the first event that notifies someone other than the actor.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(big_integer(NotificationPreferences::UserId))
                    .col(string_len(NotificationPreferences::Kind, 32))
                    .col(string_len(NotificationPreferences::Channel, 16))
                    .primary_key(
                        Index::create()
                            .col(NotificationPreferences::UserId)
                            .col(NotificationPreferences::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_preferences_user")
                            .from(
                                NotificationPreferences::Table,
                                NotificationPreferences::UserId,
                            )
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(
                        Expr::col(NotificationPreferences::Channel)
                            .is_in(["in_app", "email", "off"]),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Emails::Table)
                    .col(big_integer(Emails::Id).auto_increment().primary_key())
                    .col(big_integer_null(Emails::RecipientId))
                    .col(string_len(Emails::ToAddress, 320))
                    .col(string_len(Emails::Subject, 200))
                    .col(text(Emails::Body))
                    // One email per cause (a notification, a digest day), however often asked.
                    .col(string_len(Emails::IdempotencyKey, 200).unique_key())
                    .col(timestamp_with_time_zone(Emails::CreatedAt))
                    .col(timestamp_with_time_zone_null(Emails::SentAt))
                    // "smtp" when handed to the mail server, "outbox" when no server is set up.
                    .col(string_len_null(Emails::Via, 16))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_emails_recipient")
                            .from(Emails::Table, Emails::RecipientId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SavedChefs::Table)
                    .col(big_integer(SavedChefs::UserId))
                    .col(big_integer(SavedChefs::ChefId))
                    .col(timestamp_with_time_zone(SavedChefs::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(SavedChefs::UserId)
                            .col(SavedChefs::ChefId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_saved_chefs_user")
                            .from(SavedChefs::Table, SavedChefs::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_saved_chefs_chef")
                            .from(SavedChefs::Table, SavedChefs::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SavedChefs::Table.into_iden(),
            Emails::Table.into_iden(),
            NotificationPreferences::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Kind,
    Channel,
}

#[derive(DeriveIden)]
enum Emails {
    Table,
    Id,
    RecipientId,
    ToAddress,
    Subject,
    Body,
    IdempotencyKey,
    CreatedAt,
    SentAt,
    Via,
}

#[derive(DeriveIden)]
enum SavedChefs {
    Table,
    UserId,
    ChefId,
    CreatedAt,
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
