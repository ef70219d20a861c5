//! Every account has a unique `@handle`. A new account gets one made from its name; when that
//! is taken, the same with the account's id (`ana_silva_42`), which nobody else can hold unless
//! they chose it by hand — and then the id alone (`cook_42`).

use domain::social::Handle;
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, SqlErr,
    TransactionSession, TransactionTrait,
};

use crate::{entities::users, ServiceError};

/// Gives `user_id` a handle made from `display_name`, trying each candidate in a savepoint so
/// that losing a race for a name costs nothing but the next candidate.
pub async fn assign_handle<C>(
    db: &C,
    user_id: i64,
    display_name: &str,
) -> Result<Handle, ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let suggested = Handle::suggest(display_name);
    let by_id = Handle::parse(&format!("cook_{user_id}")).expect("cook_ and digits is a handle");
    let candidates = [suggested.clone(), suggested.numbered(user_id as u32), by_id];
    let mut last_error = None;
    for handle in candidates {
        let attempt = db.begin().await?;
        let result = users::Entity::update_many()
            .col_expr(users::Column::Handle, Expr::value(handle.as_str()))
            .filter(users::Column::Id.eq(user_id))
            .exec(&attempt)
            .await;
        match result {
            Ok(_) => {
                attempt.commit().await?;
                return Ok(handle);
            }
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                attempt.rollback().await?;
                last_error = Some(error);
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(last_error.expect("every candidate was tried").into())
}
