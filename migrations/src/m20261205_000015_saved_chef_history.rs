//! Unsaving a chef keeps the row, marked, so saving them again is not news to the chef: they
//! hear about a person saving them once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SavedChefs::Table)
                    .add_column(timestamp_with_time_zone_null(SavedChefs::UnsavedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SavedChefs::Table)
                    .drop_column(SavedChefs::UnsavedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum SavedChefs {
    Table,
    UnsavedAt,
}
