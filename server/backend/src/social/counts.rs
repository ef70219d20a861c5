//! Counts kept on the row they count (a post's likes and comments, a comment's likes), moved
//! by one in the transaction that adds or removes what they count.

use sea_orm::{
    sea_query::{Expr, ExprTrait},
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};

use crate::ServiceError;

/// Adds `by` (1 or -1) to `count` on the row of `E` whose `id_column` is `id`.
pub(crate) async fn bump<E, C>(
    db: &C,
    count: E::Column,
    id_column: E::Column,
    id: i64,
    by: i32,
) -> Result<(), ServiceError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    E::update_many()
        .col_expr(count, Expr::col(count).add(by))
        .filter(id_column.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the rows of `L` that `which` names (a person's like of one thing) and lowers
/// `count` on the liked row of `E` when there was one; whether there was.
pub(crate) async fn take_back<L, E, C>(
    db: &C,
    which: Condition,
    count: E::Column,
    id_column: E::Column,
    id: i64,
) -> Result<bool, ServiceError>
where
    L: EntityTrait,
    E: EntityTrait,
    C: ConnectionTrait,
{
    let removed = L::delete_many().filter(which).exec(db).await?.rows_affected > 0;
    if removed {
        bump::<E, _>(db, count, id_column, id, -1).await?;
    }
    Ok(removed)
}
