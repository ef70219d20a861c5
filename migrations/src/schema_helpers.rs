//! Small builders the migrations share: named foreign keys, indexes over several columns,
//! and tables of pairs (who follows whom, who liked what).

use sea_orm_migration::{prelude::*, schema::*};

pub fn fk<
    T: IntoIden + Copy + 'static,
    C: IntoIden + 'static,
    U: IntoIden + 'static,
    D: IntoIden + 'static,
>(
    name: &str,
    from_table: T,
    from_column: C,
    to_table: U,
    to_column: D,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from_table, from_column)
        .to(to_table, to_column)
        .to_owned()
}

pub async fn index<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
    unique: bool,
) -> Result<(), DbErr> {
    let mut statement = Index::create().name(name).table(table).to_owned();
    for column in columns {
        statement.col(*column);
    }
    if unique {
        statement.unique();
    }
    manager.create_index(statement).await
}

/// A table of (first, second) pairs with the time the pair was made, keyed by the pair.
pub async fn pair_table<T, A, AT, B, BT, W>(
    manager: &SchemaManager<'_>,
    table: T,
    first: A,
    first_table: AT,
    second: B,
    second_table: BT,
    created_at: W,
) -> Result<(), DbErr>
where
    T: IntoIden + Copy + 'static,
    A: IntoIden + Copy + 'static,
    AT: IntoIden + Copy + 'static,
    B: IntoIden + Copy + 'static,
    BT: IntoIden + Copy + 'static,
    W: IntoIden + Copy + 'static,
{
    let name = table.into_iden().to_string();
    manager
        .create_table(
            Table::create()
                .table(table)
                .col(big_integer(first))
                .col(big_integer(second))
                .col(timestamp_with_time_zone(created_at))
                .primary_key(Index::create().col(first).col(second))
                .foreign_key(&mut fk(
                    &format!("fk_{name}_first"),
                    table,
                    first,
                    first_table,
                    Alias::new("id"),
                ))
                .foreign_key(&mut fk(
                    &format!("fk_{name}_second"),
                    table,
                    second,
                    second_table,
                    Alias::new("id"),
                ))
                .to_owned(),
        )
        .await
}
