//! The social network: handles and bios on accounts, posts (with their photos, tags and edit
//! history), follows, likes, two-level comments, saved posts, blocks and mutes, and each
//! person's feed settings. Counts of likes and comments are kept on the row they count, in
//! the transaction that changes them, so a feed page reads no aggregate.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index, pair_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null(Users::Handle, 24),
            text(Users::Bio).default("").to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // Existing accounts get a plain handle they can change; new ones get one from their name.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE users SET handle = 'cook_' || CAST(id AS TEXT) WHERE handle IS NULL",
            )
            .await?;
        index(
            manager,
            "idx_users_handle",
            Users::Table,
            &[Users::Handle],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .col(big_integer(Posts::Id).auto_increment().primary_key())
                    .col(big_integer(Posts::AuthorId))
                    .col(text(Posts::Text))
                    .col(text(Posts::BodyHtml))
                    .col(big_integer_null(Posts::DishId))
                    .col(big_integer_null(Posts::BookingId))
                    .col(integer(Posts::LikeCount).default(0))
                    .col(integer(Posts::CommentCount).default(0))
                    .col(timestamp_with_time_zone(Posts::CreatedAt))
                    .col(timestamp_with_time_zone_null(Posts::EditedAt))
                    .col(timestamp_with_time_zone_null(Posts::DeletedAt))
                    .col(timestamp_with_time_zone_null(Posts::HiddenAt))
                    .col(text_null(Posts::HiddenReason))
                    .foreign_key(&mut fk(
                        "fk_posts_author",
                        Posts::Table,
                        Posts::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_posts_author_created",
            Posts::Table,
            &[Posts::AuthorId, Posts::CreatedAt, Posts::Id],
            false,
        )
        .await?;
        index(
            manager,
            "idx_posts_created",
            Posts::Table,
            &[Posts::CreatedAt, Posts::Id],
            false,
        )
        .await?;
        // For you's popular candidates: the most liked recent posts without sorting them all.
        index(
            manager,
            "idx_posts_popular",
            Posts::Table,
            &[Posts::LikeCount, Posts::Id],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostPhotos::Table)
                    .col(big_integer(PostPhotos::Id).auto_increment().primary_key())
                    .col(big_integer(PostPhotos::PostId))
                    .col(integer(PostPhotos::Position))
                    .col(string_len(PostPhotos::StorageKey, 64).unique_key())
                    .col(text(PostPhotos::AltText).default(""))
                    .col(integer(PostPhotos::Width))
                    .col(integer(PostPhotos::Height))
                    .col(big_integer(PostPhotos::ByteSize))
                    .foreign_key(&mut fk(
                        "fk_post_photos_post",
                        PostPhotos::Table,
                        PostPhotos::PostId,
                        Posts::Table,
                        Posts::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_post_photos_post",
            PostPhotos::Table,
            &[PostPhotos::PostId, PostPhotos::Position],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostTags::Table)
                    .col(big_integer(PostTags::PostId))
                    .col(string_len(PostTags::Tag, 160))
                    .col(timestamp_with_time_zone(PostTags::CreatedAt))
                    .primary_key(Index::create().col(PostTags::PostId).col(PostTags::Tag))
                    .foreign_key(&mut fk(
                        "fk_post_tags_post",
                        PostTags::Table,
                        PostTags::PostId,
                        Posts::Table,
                        Posts::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_post_tags_tag_created",
            PostTags::Table,
            &[PostTags::Tag, PostTags::CreatedAt, PostTags::PostId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostEdits::Table)
                    .col(big_integer(PostEdits::Id).auto_increment().primary_key())
                    .col(big_integer(PostEdits::PostId))
                    .col(text(PostEdits::PreviousText))
                    .col(timestamp_with_time_zone(PostEdits::EditedAt))
                    .foreign_key(&mut fk(
                        "fk_post_edits_post",
                        PostEdits::Table,
                        PostEdits::PostId,
                        Posts::Table,
                        Posts::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_post_edits_post",
            PostEdits::Table,
            &[PostEdits::PostId],
            false,
        )
        .await?;

        // Who follows whom, who liked, saved, blocked or muted what: one row per pair.
        pair_table(
            manager,
            Follows::Table,
            Follows::FollowerId,
            Users::Table,
            Follows::FolloweeId,
            Users::Table,
            Follows::CreatedAt,
        )
        .await?;
        index(
            manager,
            "idx_follows_followee",
            Follows::Table,
            &[Follows::FolloweeId, Follows::FollowerId],
            false,
        )
        .await?;
        pair_table(
            manager,
            PostLikes::Table,
            PostLikes::PostId,
            Posts::Table,
            PostLikes::UserId,
            Users::Table,
            PostLikes::CreatedAt,
        )
        .await?;
        index(
            manager,
            "idx_post_likes_user",
            PostLikes::Table,
            &[PostLikes::UserId, PostLikes::CreatedAt],
            false,
        )
        .await?;
        pair_table(
            manager,
            SavedPosts::Table,
            SavedPosts::UserId,
            Users::Table,
            SavedPosts::PostId,
            Posts::Table,
            SavedPosts::CreatedAt,
        )
        .await?;
        pair_table(
            manager,
            Blocks::Table,
            Blocks::BlockerId,
            Users::Table,
            Blocks::BlockedId,
            Users::Table,
            Blocks::CreatedAt,
        )
        .await?;
        index(
            manager,
            "idx_blocks_blocked",
            Blocks::Table,
            &[Blocks::BlockedId, Blocks::BlockerId],
            false,
        )
        .await?;
        pair_table(
            manager,
            Mutes::Table,
            Mutes::MuterId,
            Users::Table,
            Mutes::MutedId,
            Users::Table,
            Mutes::CreatedAt,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(big_integer(Comments::Id).auto_increment().primary_key())
                    .col(big_integer(Comments::PostId))
                    .col(big_integer(Comments::AuthorId))
                    // A first-level comment's id for a reply (replies to replies attach there).
                    .col(big_integer_null(Comments::ParentId))
                    .col(text(Comments::Text))
                    .col(text(Comments::BodyHtml))
                    .col(integer(Comments::LikeCount).default(0))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone_null(Comments::DeletedAt))
                    .col(timestamp_with_time_zone_null(Comments::HiddenAt))
                    .foreign_key(&mut fk(
                        "fk_comments_post",
                        Comments::Table,
                        Comments::PostId,
                        Posts::Table,
                        Posts::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_author",
                        Comments::Table,
                        Comments::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_parent",
                        Comments::Table,
                        Comments::ParentId,
                        Comments::Table,
                        Comments::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_comments_post",
            Comments::Table,
            &[Comments::PostId, Comments::CreatedAt],
            false,
        )
        .await?;
        pair_table(
            manager,
            CommentLikes::Table,
            CommentLikes::CommentId,
            Comments::Table,
            CommentLikes::UserId,
            Users::Table,
            CommentLikes::CreatedAt,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(FeedSettings::Table)
                    .col(big_integer(FeedSettings::UserId).primary_key())
                    .col(double(FeedSettings::Recency))
                    .col(double(FeedSettings::Popularity))
                    .col(double(FeedSettings::Following))
                    .col(double(FeedSettings::Nearby))
                    .col(double(FeedSettings::Cuisines))
                    // Where "nearby" is measured from: one of the cities we serve.
                    .col(string_len_null(FeedSettings::City, 80))
                    .col(timestamp_with_time_zone(FeedSettings::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_feed_settings_user",
                        FeedSettings::Table,
                        FeedSettings::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        // A completed booking shown on a post: each side agrees for themself.
        pair_table(
            manager,
            BookingShares::Table,
            BookingShares::BookingId,
            Bookings::Table,
            BookingShares::UserId,
            Users::Table,
            BookingShares::CreatedAt,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BookingShares::Table.into_iden(),
            FeedSettings::Table.into_iden(),
            CommentLikes::Table.into_iden(),
            Comments::Table.into_iden(),
            Mutes::Table.into_iden(),
            Blocks::Table.into_iden(),
            SavedPosts::Table.into_iden(),
            PostLikes::Table.into_iden(),
            Follows::Table.into_iden(),
            PostEdits::Table.into_iden(),
            PostTags::Table.into_iden(),
            PostPhotos::Table.into_iden(),
            Posts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_handle")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Users::Bio, Users::Handle] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    Handle,
    Bio,
}

#[derive(DeriveIden, Clone, Copy)]
enum Bookings {
    Table,
}

#[derive(DeriveIden, Clone, Copy)]
enum Posts {
    Table,
    Id,
    AuthorId,
    Text,
    BodyHtml,
    DishId,
    BookingId,
    LikeCount,
    CommentCount,
    CreatedAt,
    EditedAt,
    DeletedAt,
    HiddenAt,
    HiddenReason,
}

#[derive(DeriveIden, Clone, Copy)]
enum PostPhotos {
    Table,
    Id,
    PostId,
    Position,
    StorageKey,
    AltText,
    Width,
    Height,
    ByteSize,
}

#[derive(DeriveIden, Clone, Copy)]
enum PostTags {
    Table,
    PostId,
    Tag,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PostEdits {
    Table,
    Id,
    PostId,
    PreviousText,
    EditedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Follows {
    Table,
    FollowerId,
    FolloweeId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PostLikes {
    Table,
    PostId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SavedPosts {
    Table,
    UserId,
    PostId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Blocks {
    Table,
    BlockerId,
    BlockedId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Mutes {
    Table,
    MuterId,
    MutedId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Comments {
    Table,
    Id,
    PostId,
    AuthorId,
    ParentId,
    Text,
    BodyHtml,
    LikeCount,
    CreatedAt,
    DeletedAt,
    HiddenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CommentLikes {
    Table,
    CommentId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum FeedSettings {
    Table,
    UserId,
    Recency,
    Popularity,
    Following,
    Nearby,
    Cuisines,
    City,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum BookingShares {
    Table,
    BookingId,
    UserId,
    CreatedAt,
}
