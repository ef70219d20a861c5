//! Photos shown with a question (a collapsed sponge, a split sauce): stored by the same media
//! pipeline as post photos, listed here in the order the asker chose them.

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
                    .table(QuestionPhotos::Table)
                    .col(
                        big_integer(QuestionPhotos::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(QuestionPhotos::QuestionId))
                    .col(integer(QuestionPhotos::Position))
                    .col(string_len(QuestionPhotos::StorageKey, 64).unique_key())
                    .col(text(QuestionPhotos::AltText).default(""))
                    .col(integer(QuestionPhotos::Width))
                    .col(integer(QuestionPhotos::Height))
                    .col(big_integer(QuestionPhotos::ByteSize))
                    .foreign_key(&mut fk(
                        "fk_question_photos_question",
                        QuestionPhotos::Table,
                        QuestionPhotos::QuestionId,
                        Questions::Table,
                        Questions::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_question_photos_question",
            QuestionPhotos::Table,
            &[QuestionPhotos::QuestionId, QuestionPhotos::Position],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(QuestionPhotos::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum QuestionPhotos {
    Table,
    Id,
    QuestionId,
    Position,
    StorageKey,
    AltText,
    Width,
    Height,
    ByteSize,
}

#[derive(DeriveIden, Clone, Copy)]
enum Questions {
    Table,
    Id,
}
