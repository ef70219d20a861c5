//! Email: every message is first a row in the `emails` outbox, written in the transaction of
//! its cause (a notification, a digest) under a key that makes a second write a no-op, with a
//! job to send it. Sending runs on the worker, so retries and backoff come from the job
//! queue. With `SMTP_URL` set the job hands the message to the mail server (lettre); without
//! it the outbox is where messages stay, listed on the admin page — handy in development.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use lettre::{
    message::{header::ContentType, Mailbox},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use sea_orm::{
    sea_query::OnConflict, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::{
    clock::Clock,
    entities::{emails, users},
    jobs::{self, Job, NewJob},
    worker::JobHandler,
    ServiceError,
};

/// The job kind that sends one email.
pub const SEND_EMAIL: &str = "email.send";

pub const DEFAULT_FROM: &str = "Chef Galaxy <hello@chefgalaxy.localhost>";

pub struct Draft {
    pub recipient_id: i64,
    pub subject: String,
    pub body: String,
    /// What the email is for, e.g. `notification:42`: asking twice queues it once.
    pub idempotency_key: String,
}

#[derive(Serialize, Deserialize)]
struct SendPayload {
    email_id: i64,
}

/// Writes the email to the outbox and queues its sending, on `db` — pass the transaction of
/// its cause. Returns false when an email with the same key was already queued.
pub async fn queue(
    db: &impl ConnectionTrait,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let Some(recipient) = users::Entity::find_by_id(draft.recipient_id)
        .one(db)
        .await?
    else {
        return Err(ServiceError::NotFound("Recipient"));
    };
    let inserted = emails::Entity::insert(emails::ActiveModel {
        recipient_id: Set(Some(recipient.id)),
        to_address: Set(recipient.email),
        subject: Set(draft.subject.chars().take(200).collect()),
        body: Set(draft.body),
        idempotency_key: Set(draft.idempotency_key.clone()),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(emails::Column::IdempotencyKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if inserted == 0 {
        return Ok(false);
    }
    let email = emails::Entity::find()
        .filter(emails::Column::IdempotencyKey.eq(draft.idempotency_key))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("Queued email"))?;
    let payload = serde_json::to_value(SendPayload { email_id: email.id }).expect("serialises");
    jobs::enqueue(
        db,
        NewJob::now(SEND_EMAIL, payload, now).with_key(format!("email:{}", email.id)),
        now,
    )
    .await?;
    Ok(true)
}

/// The newest emails first: the admin page's outbox.
pub async fn recent(
    db: &DatabaseConnection,
    limit: u64,
) -> Result<Vec<emails::Model>, ServiceError> {
    Ok(emails::Entity::find()
        .order_by_desc(emails::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Where emails go: an SMTP server, or nowhere but the outbox.
#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    /// Keeps emails in the outbox only.
    pub fn outbox_only() -> Self {
        Self {
            smtp: None,
            from: DEFAULT_FROM.parse().expect("a valid mailbox"),
        }
    }

    /// Sends through the SMTP server at `url` (`smtp://`, `smtps://` or
    /// `smtp://…?tls=required`, with optional user:password), from `from`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, ServiceError> {
        let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| ServiceError::Config(format!("SMTP_URL: {e}")))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| ServiceError::Config(format!("EMAIL_FROM: {e}")))?;
        Ok(Self {
            smtp: Some(smtp),
            from,
        })
    }

    pub fn sends_over_smtp(&self) -> bool {
        self.smtp.is_some()
    }
}

/// Sends one queued email. Already sent (a retry after a crash between sending and
/// committing) means done; otherwise the mail server's answer decides.
pub struct SendEmail {
    pub mailer: Mailer,
    pub clock: Clock,
}

#[async_trait]
impl JobHandler for SendEmail {
    async fn run(&self, job: &Job, txn: &DatabaseTransaction) -> Result<(), String> {
        let SendPayload { email_id } =
            serde_json::from_str(&job.payload).map_err(|e| format!("bad payload: {e}"))?;
        let email = emails::Entity::find_by_id(email_id)
            .one(txn)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("email {email_id} is not in the outbox"))?;
        if email.sent_at.is_some() {
            return Ok(());
        }
        let via = match &self.mailer.smtp {
            Some(smtp) => {
                let to: Mailbox = email
                    .to_address
                    .parse()
                    .map_err(|e| format!("recipient {:?}: {e}", email.to_address))?;
                let message = Message::builder()
                    .from(self.mailer.from.clone())
                    .to(to)
                    .subject(&email.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(email.body.clone())
                    .map_err(|e| e.to_string())?;
                smtp.send(message).await.map_err(|e| e.to_string())?;
                "smtp"
            }
            None => "outbox",
        };
        emails::Entity::update_many()
            .col_expr(emails::Column::SentAt, self.clock.now().into())
            .col_expr(emails::Column::Via, via.into())
            .filter(emails::Column::Id.eq(email_id))
            .exec(txn)
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}
