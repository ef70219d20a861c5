//! Accounts: sign-up, log-in with throttling, and looking people up. Passwords are hashed
//! with argon2id; the hashing runs off the async threads because it is deliberately slow.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use chrono::{DateTime, Utc};
use domain::account::{CurrentUser, Email, NewPassword, Role, SignupForm};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, SqlErr,
    TransactionTrait,
};
use std::{net::IpAddr, sync::LazyLock};

use crate::{
    clock::Clock,
    deps::Deps,
    entities::users,
    throttle::{
        Throttle, LOGINS_PER_ADDRESS, LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL,
        LOGIN_FAILURES_PER_EMAIL, SIGNUPS_PER_ADDRESS,
    },
    ServiceError,
};

#[derive(Clone)]
pub struct Accounts {
    db: DatabaseConnection,
    clock: Clock,
    throttle: Throttle,
}

impl Accounts {
    pub fn new(deps: &Deps) -> Self {
        Self {
            db: deps.db.clone(),
            clock: deps.clock.clone(),
            throttle: deps.throttle.clone(),
        }
    }

    /// A sign-up from the web: at most a few new accounts per address and hour (see
    /// [`SIGNUPS_PER_ADDRESS`]), which also slows anyone testing which emails have accounts.
    pub async fn sign_up_from(
        &self,
        client: IpAddr,
        form: &SignupForm,
    ) -> Result<CurrentUser, ServiceError> {
        form.validate().map_err(ServiceError::Invalid)?;
        self.throttle
            .hit(&SIGNUPS_PER_ADDRESS, &client.to_string())
            .await?;
        self.sign_up(form).await
    }

    pub async fn sign_up(&self, form: &SignupForm) -> Result<CurrentUser, ServiceError> {
        let signup = form.validate().map_err(ServiceError::Invalid)?;
        let password_hash = hash_password(signup.password).await?;
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        let user = users::ActiveModel {
            email: Set(signup.email.as_str().to_owned()),
            display_name: Set(signup.display_name.as_str().to_owned()),
            role: Set(signup.role.as_str().to_owned()),
            password_hash: Set(password_hash),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|error| match error.sql_err() {
            // The unique index decides, so two sign-ups racing for one email cannot both win.
            Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::EmailTaken,
            _ => ServiceError::Database(error),
        })?;
        crate::social::handles::assign_handle(&txn, user.id, &user.display_name).await?;
        crate::search::outbox::person_changed(&txn, user.id, now).await?;
        let welcome = domain::notifications::welcome(&user.display_name, signup.role == Role::Chef);
        crate::notifications::notify(
            &txn,
            user.id,
            domain::notifications::Kind::Welcome,
            &welcome,
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(user_id = user.id, "account created");
        Ok(current_user(user))
    }

    /// Checks a password. Answers the same, and takes as long, whether or not the email has
    /// an account, so the answer cannot be used to find out who is registered.
    pub async fn log_in(
        &self,
        email: &str,
        password: &str,
        client: IpAddr,
    ) -> Result<CurrentUser, ServiceError> {
        let email = Email::parse(email)?;
        // Per address, whichever emails (spraying); per email, its failures from one address
        // (guessing, typos) and from everywhere (distributed guessing) — see the rules.
        let from_here = format!("{client}/{}", email.as_str());
        self.throttle
            .hit(&LOGINS_PER_ADDRESS, &client.to_string())
            .await?;
        self.throttle
            .check(&LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL, &from_here)
            .await?;
        self.throttle
            .check(&LOGIN_FAILURES_PER_EMAIL, email.as_str())
            .await?;
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?;
        let stored_hash = user
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| UNKNOWN_ACCOUNT_HASH.clone());
        let matches = verify_password(password.to_owned(), stored_hash).await?;
        match user {
            Some(user) if matches => active(user),
            _ => {
                // Past the limit this failure is refused next time; this one's answer stays
                // the same as any other wrong password's.
                let throttle = &self.throttle;
                let _ = throttle
                    .hit(&LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL, &from_here)
                    .await;
                let _ = throttle
                    .hit(&LOGIN_FAILURES_PER_EMAIL, email.as_str())
                    .await;
                Err(ServiceError::WrongCredentials)
            }
        }
    }

    /// The account behind a session; a suspended one is refused, so its open sessions stop
    /// working the moment an admin suspends it.
    pub async fn find(&self, user_id: i64) -> Result<Option<CurrentUser>, ServiceError> {
        users::Entity::find_by_id(user_id)
            .one(&self.db)
            .await?
            .map(active)
            .transpose()
    }

    /// Turns a customer into a chef; chefs and admins keep their role. The chef's public
    /// profile appears once they first save it.
    pub async fn become_chef(&self, user_id: i64) -> Result<CurrentUser, ServiceError> {
        let user = users::Entity::find_by_id(user_id)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Account"))?;
        if user.role != Role::Customer.as_str() {
            return Ok(current_user(user));
        }
        let mut changed: users::ActiveModel = user.into();
        changed.role = Set(Role::Chef.as_str().to_owned());
        changed.updated_at = Set(self.clock.now());
        let user = changed.update(&self.db).await?;
        tracing::info!(user_id = user.id, "customer became a chef");
        Ok(current_user(user))
    }
}

pub(crate) const SUSPENDED: &str =
    "This account is suspended. Write to support@chefgalaxy.example if you think this is a mistake.";

fn active(user: users::Model) -> Result<CurrentUser, ServiceError> {
    match user.suspended_at {
        Some(_) => Err(ServiceError::Forbidden(SUSPENDED)),
        None => Ok(current_user(user)),
    }
}

pub(crate) fn current_user(user: users::Model) -> CurrentUser {
    CurrentUser {
        id: user.id,
        role: Role::parse(&user.role).unwrap_or(Role::Customer),
        email: user.email,
        display_name: user.display_name,
    }
}

/// A real hash of a random password, checked when the email is unknown so that both paths
/// cost one argon2 verification.
static UNKNOWN_ACCOUNT_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    let random = uuid::Uuid::new_v4().to_string();
    Argon2::default()
        .hash_password(random.as_bytes(), &salt)
        .expect("argon2 hashes a random password")
        .to_string()
});

pub async fn hash_password(password: NewPassword) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| ServiceError::PasswordHash(e.to_string()))
    })
    .await
    .map_err(|e| ServiceError::PasswordHash(e.to_string()))?
}

async fn verify_password(password: String, stored_hash: String) -> Result<bool, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored_hash)
            .map_err(|e| ServiceError::PasswordHash(e.to_string()))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| ServiceError::PasswordHash(e.to_string()))?
}

/// Makes the account with `email` an admin: for operators, from the command line
/// (`server grant-admin`), which has a database and nothing else of the services.
pub async fn grant_admin(
    db: &DatabaseConnection,
    email: &str,
    now: DateTime<Utc>,
) -> Result<CurrentUser, ServiceError> {
    let email = Email::parse(email)?;
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Account"))?;
    let mut changed: users::ActiveModel = user.into();
    changed.role = Set(Role::Admin.as_str().to_owned());
    changed.updated_at = Set(now);
    let user = changed.update(db).await?;
    tracing::info!(user_id = user.id, "admin granted");
    Ok(current_user(user))
}
