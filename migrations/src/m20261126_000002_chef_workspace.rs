//! Everything a chef manages in-app: richer profiles (education entries, certifications,
//! languages with a level, guest range), dish details for pricing, menus, photos, weekly
//! hours and calendar blocks.
//!
//! Calendar blocks never overlap for one chef, and the database says so itself: PostgreSQL
//! with an exclusion constraint, SQLite with triggers (SQLite runs one writer at a time, so a
//! trigger's check and the insert it guards cannot interleave with another writer's).

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const OVERLAP: &str = "calendar_blocks_no_overlap";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            json_binary(ChefProfiles::EducationEntries)
                .default("[]")
                .to_owned(),
            json_binary(ChefProfiles::Certifications)
                .default("[]")
                .to_owned(),
            integer(ChefProfiles::MinGuests).default(1).to_owned(),
            integer(ChefProfiles::MaxGuests).default(50).to_owned(),
        ] {
            add_column(manager, ChefProfiles::Table, column).await?;
        }
        move_profiles_to_structured_fields(manager).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChefProfiles::Table)
                    .drop_column(ChefProfiles::Education)
                    .to_owned(),
            )
            .await?;

        for column in [
            integer(Dishes::MinGuests).default(1).to_owned(),
            integer(Dishes::PrepMinutes).default(30).to_owned(),
        ] {
            add_column(manager, Dishes::Table, column).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Menus::Table)
                    .col(big_integer(Menus::Id).auto_increment().primary_key())
                    .col(big_integer(Menus::ChefId))
                    .col(string_len(Menus::Name, 80))
                    .col(text(Menus::Description))
                    .col(big_integer_null(Menus::PricePerGuestMinor))
                    .col(timestamp_with_time_zone(Menus::CreatedAt))
                    .col(timestamp_with_time_zone(Menus::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_menus_chef")
                            .from(Menus::Table, Menus::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_menus_chef_id", Menus::Table, Menus::ChefId).await?;

        manager
            .create_table(
                Table::create()
                    .table(MenuDishes::Table)
                    .col(big_integer(MenuDishes::MenuId))
                    .col(big_integer(MenuDishes::DishId))
                    .col(integer(MenuDishes::Position))
                    .primary_key(
                        Index::create()
                            .col(MenuDishes::MenuId)
                            .col(MenuDishes::DishId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_menu_dishes_menu")
                            .from(MenuDishes::Table, MenuDishes::MenuId)
                            .to(Menus::Table, Menus::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_menu_dishes_dish")
                            .from(MenuDishes::Table, MenuDishes::DishId)
                            .to(Dishes::Table, Dishes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_menu_dishes_dish_id",
            MenuDishes::Table,
            MenuDishes::DishId,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Photos::Table)
                    .col(big_integer(Photos::Id).auto_increment().primary_key())
                    .col(big_integer(Photos::ChefId))
                    .col(string_len(Photos::Kind, 16))
                    .col(string_len_uniq(Photos::StorageKey, 64))
                    .col(integer(Photos::Width))
                    .col(integer(Photos::Height))
                    .col(big_integer(Photos::ByteSize))
                    .col(timestamp_with_time_zone(Photos::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_photos_chef")
                            .from(Photos::Table, Photos::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(Photos::Kind).is_in(["profile", "gallery"]))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_photos_chef_id", Photos::Table, Photos::ChefId).await?;

        manager
            .create_table(
                Table::create()
                    .table(WeeklyHours::Table)
                    .col(big_integer(WeeklyHours::Id).auto_increment().primary_key())
                    .col(big_integer(WeeklyHours::ChefId))
                    .col(small_integer(WeeklyHours::Weekday))
                    .col(small_integer(WeeklyHours::StartsMinute))
                    .col(small_integer(WeeklyHours::EndsMinute))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_weekly_hours_chef")
                            .from(WeeklyHours::Table, WeeklyHours::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(WeeklyHours::Weekday).between(1, 7))
                    .check(Expr::col(WeeklyHours::StartsMinute).gte(0))
                    .check(Expr::col(WeeklyHours::EndsMinute).lte(1440))
                    .check(
                        Expr::col(WeeklyHours::StartsMinute).lt(Expr::col(WeeklyHours::EndsMinute)),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_weekly_hours_chef_id",
            WeeklyHours::Table,
            WeeklyHours::ChefId,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(CalendarBlocks::Table)
                    .col(
                        big_integer(CalendarBlocks::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(CalendarBlocks::ChefId))
                    .col(string_len(CalendarBlocks::Kind, 16))
                    .col(timestamp_with_time_zone(CalendarBlocks::StartsAt))
                    .col(timestamp_with_time_zone(CalendarBlocks::EndsAt))
                    .col(string_len(CalendarBlocks::Reason, 200))
                    .col(timestamp_with_time_zone(CalendarBlocks::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_calendar_blocks_chef")
                            .from(CalendarBlocks::Table, CalendarBlocks::ChefId)
                            .to(ChefProfiles::Table, ChefProfiles::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .check(Expr::col(CalendarBlocks::Kind).is_in(["blocked", "booking"]))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_calendar_blocks_chef_starts")
                    .table(CalendarBlocks::Table)
                    .col(CalendarBlocks::ChefId)
                    .col(CalendarBlocks::StartsAt)
                    .to_owned(),
            )
            .await?;
        forbid_overlapping_blocks(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            let db = manager.get_connection();
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {OVERLAP}_insert"))
                .await?;
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {OVERLAP}_update"))
                .await?;
        }
        for table in [
            CalendarBlocks::Table.into_iden(),
            WeeklyHours::Table.into_iden(),
            Photos::Table.into_iden(),
            MenuDishes::Table.into_iden(),
            Menus::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [Dishes::MinGuests, Dishes::PrepMinutes] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Dishes::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        add_column(
            manager,
            ChefProfiles::Table,
            text(ChefProfiles::Education).default("").to_owned(),
        )
        .await?;
        for column in [
            ChefProfiles::EducationEntries,
            ChefProfiles::Certifications,
            ChefProfiles::MinGuests,
            ChefProfiles::MaxGuests,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ChefProfiles::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .create_index(
            Index::create()
                .name(name)
                .table(table)
                .col(column)
                .to_owned(),
        )
        .await
}

/// Profiles written before this migration listed languages as bare names and education as
/// one line of text. Languages keep their names: the first becomes native, the others B2,
/// until the chef says otherwise. The education text moves to the end of the bio, so nothing
/// a chef wrote is lost; they re-enter it as structured entries.
async fn move_profiles_to_structured_fields(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT user_id, CAST(languages AS TEXT) AS languages, education, bio FROM chef_profiles",
        ))
        .await?;
    for row in rows {
        let user_id: i64 = row.try_get("", "user_id")?;
        let languages: String = row.try_get("", "languages")?;
        let education: String = row.try_get("", "education")?;
        let bio: String = row.try_get("", "bio")?;
        let names: Vec<serde_json::Value> = serde_json::from_str(&languages)
            .map_err(|e| DbErr::Migration(format!("chef {user_id}: languages: {e}")))?;
        let skills: Vec<serde_json::Value> = names
            .iter()
            .enumerate()
            .map(|(i, name)| match name {
                serde_json::Value::String(language) => serde_json::json!({
                    "language": language,
                    "proficiency": if i == 0 { "native" } else { "B2" },
                }),
                already_structured => already_structured.clone(),
            })
            .collect();
        let bio = match education.trim() {
            "" => bio,
            education if bio.trim().is_empty() => format!("Education: {education}"),
            education => format!("{bio}\n\nEducation: {education}"),
        };
        let languages = serde_json::Value::Array(skills).to_string();
        let cast = if backend == DbBackend::Postgres {
            "CAST($1 AS jsonb)"
        } else {
            "$1"
        };
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("UPDATE chef_profiles SET languages = {cast}, bio = $2 WHERE user_id = $3"),
            [languages.into(), bio.into(), user_id.into()],
        ))
        .await?;
    }
    Ok(())
}

async fn forbid_overlapping_blocks(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DbBackend::Postgres => {
            // Range types index with GiST out of the box; making chef_id a one-value range
            // avoids needing the btree_gist extension (and the superuser who installs it).
            db.execute_unprepared(&format!(
                "ALTER TABLE calendar_blocks ADD CONSTRAINT {OVERLAP} EXCLUDE USING gist \
                 (int8range(chef_id, chef_id, '[]') WITH &&, tstzrange(starts_at, ends_at) WITH &&)"
            ))
            .await?;
            db.execute_unprepared(
                "ALTER TABLE calendar_blocks ADD CONSTRAINT calendar_blocks_ends_after_start \
                 CHECK (ends_at > starts_at)",
            )
            .await?;
        }
        _ => {
            // Times are stored as ISO 8601 text; julianday() compares them as instants.
            let clash = |extra: &str| {
                format!(
                    "WHEN NEW.ends_at IS NULL OR julianday(NEW.ends_at) <= julianday(NEW.starts_at) OR EXISTS ( \
                       SELECT 1 FROM calendar_blocks b WHERE b.chef_id = NEW.chef_id {extra} \
                       AND julianday(b.starts_at) < julianday(NEW.ends_at) \
                       AND julianday(NEW.starts_at) < julianday(b.ends_at)) \
                     BEGIN SELECT RAISE(ABORT, '{OVERLAP}'); END"
                )
            };
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {OVERLAP}_insert BEFORE INSERT ON calendar_blocks {}",
                clash("")
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {OVERLAP}_update BEFORE UPDATE ON calendar_blocks {}",
                clash("AND b.id <> NEW.id")
            ))
            .await?;
        }
    }
    Ok(())
}

#[derive(DeriveIden)]
enum ChefProfiles {
    Table,
    UserId,
    Education,
    EducationEntries,
    Certifications,
    MinGuests,
    MaxGuests,
}

#[derive(DeriveIden)]
enum Dishes {
    Table,
    Id,
    MinGuests,
    PrepMinutes,
}

#[derive(DeriveIden)]
enum Menus {
    Table,
    Id,
    ChefId,
    Name,
    Description,
    PricePerGuestMinor,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MenuDishes {
    Table,
    MenuId,
    DishId,
    Position,
}

#[derive(DeriveIden)]
enum Photos {
    Table,
    Id,
    ChefId,
    Kind,
    StorageKey,
    Width,
    Height,
    ByteSize,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WeeklyHours {
    Table,
    Id,
    ChefId,
    Weekday,
    StartsMinute,
    EndsMinute,
}

#[derive(DeriveIden)]
enum CalendarBlocks {
    Table,
    Id,
    ChefId,
    Kind,
    StartsAt,
    EndsAt,
    Reason,
    CreatedAt,
}
