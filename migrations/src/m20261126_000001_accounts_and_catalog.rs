//! People, their sessions, chef profiles and the dishes chefs offer.
//!
//! Timestamps carry no SQL default: SQLite's CURRENT_TIMESTAMP has no offset, so the
//! application always writes them (in UTC). Money is an integer count of minor units.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(big_integer(Users::Id).auto_increment().primary_key())
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string_len(Users::DisplayName, 60))
                    .col(string_len(Users::Role, 16))
                    .col(text(Users::PasswordHash))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .check(Expr::col(Users::Role).is_in(["customer", "chef", "admin"]))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::Id, 64).primary_key())
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_expires_at")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ChefProfiles::Table)
                    .col(big_integer(ChefProfiles::UserId).primary_key())
                    .col(string_len(ChefProfiles::Headline, 120))
                    .col(text(ChefProfiles::Bio))
                    .col(integer(ChefProfiles::YearsExperience))
                    .col(text(ChefProfiles::Education))
                    .col(json_binary(ChefProfiles::Languages))
                    .col(json_binary(ChefProfiles::Cuisines))
                    .col(string_len(ChefProfiles::City, 100))
                    .col(double(ChefProfiles::Latitude))
                    .col(double(ChefProfiles::Longitude))
                    .col(integer(ChefProfiles::ServiceRadiusKm))
                    .col(big_integer(ChefProfiles::BaseRateMinor))
                    .col(char_len(ChefProfiles::Currency, 3))
                    .col(timestamp_with_time_zone(ChefProfiles::CreatedAt))
                    .col(timestamp_with_time_zone(ChefProfiles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chef_profiles_user")
                            .from(ChefProfiles::Table, ChefProfiles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(ChefProfiles::YearsExperience).gte(0))
                    .check(Expr::col(ChefProfiles::ServiceRadiusKm).gt(0))
                    .check(Expr::col(ChefProfiles::BaseRateMinor).gte(0))
                    .check(Expr::col(ChefProfiles::Latitude).between(-90.0, 90.0))
                    .check(Expr::col(ChefProfiles::Longitude).between(-180.0, 180.0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chef_profiles_city")
                    .table(ChefProfiles::Table)
                    .col(ChefProfiles::City)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Dishes::Table)
                    .col(big_integer(Dishes::Id).auto_increment().primary_key())
                    .col(big_integer(Dishes::ChefId))
                    .col(string_len(Dishes::Name, 120))
                    .col(text(Dishes::Description))
                    .col(string_len(Dishes::Course, 16))
                    .col(json_binary(Dishes::Ingredients))
                    .col(boolean(Dishes::Organic))
                    .col(json_binary(Dishes::Dietary))
                    .col(json_binary(Dishes::Allergens))
                    .col(big_integer(Dishes::PricePerGuestMinor))
                    .col(char_len(Dishes::Currency, 3))
                    .col(timestamp_with_time_zone(Dishes::CreatedAt))
                    .col(timestamp_with_time_zone(Dishes::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dishes_chef")
                            .from(Dishes::Table, Dishes::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(Dishes::PricePerGuestMinor).gte(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dishes_chef_id")
                    .table(Dishes::Table)
                    .col(Dishes::ChefId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Dishes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ChefProfiles::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    Role,
    PasswordHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum ChefProfiles {
    Table,
    UserId,
    Headline,
    Bio,
    YearsExperience,
    Education,
    Languages,
    Cuisines,
    City,
    Latitude,
    Longitude,
    ServiceRadiusKm,
    BaseRateMinor,
    Currency,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Dishes {
    Table,
    Id,
    ChefId,
    Name,
    Description,
    Course,
    Ingredients,
    Organic,
    Dietary,
    Allergens,
    PricePerGuestMinor,
    Currency,
    CreatedAt,
    UpdatedAt,
}
