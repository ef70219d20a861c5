//! Who may change what. One rule for every chef resource (profile, dishes, menus, photos,
//! calendar): the chef themself, or an admin. Logged-out callers never get this far (the web
//! layer answers 401 first).

use domain::account::{CurrentUser, Role};

use crate::ServiceError;

pub fn ensure_may_edit_chef(actor: &CurrentUser, chef_id: i64) -> Result<(), ServiceError> {
    match actor.role {
        Role::Admin => Ok(()),
        Role::Chef if actor.id == chef_id => Ok(()),
        Role::Customer if actor.id == chef_id => Err(ServiceError::Forbidden(
            "Become a chef first; then you can set up your profile.",
        )),
        _ => Err(ServiceError::Forbidden(
            "You can only change your own chef profile.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, role: Role) -> CurrentUser {
        CurrentUser {
            id,
            role,
            email: format!("user{id}@example.com"),
            display_name: format!("User {id}"),
        }
    }

    #[test]
    fn a_chef_edits_their_own_profile_and_nobody_elses() {
        assert!(ensure_may_edit_chef(&user(7, Role::Chef), 7).is_ok());
        assert!(matches!(
            ensure_may_edit_chef(&user(7, Role::Chef), 8),
            Err(ServiceError::Forbidden(_))
        ));
    }

    #[test]
    fn an_admin_edits_any_chef_and_a_customer_none() {
        assert!(ensure_may_edit_chef(&user(1, Role::Admin), 8).is_ok());
        assert!(ensure_may_edit_chef(&user(9, Role::Customer), 9).is_err());
        assert!(ensure_may_edit_chef(&user(9, Role::Customer), 8).is_err());
    }
}
