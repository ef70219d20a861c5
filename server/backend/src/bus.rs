//! Live fan-out of "something new for this person". The bus carries only wake-ups: whoever
//! is listening then reads the notifications themselves from the database, which stays the
//! source of truth. So a wake-up that is lost (Redis down, a slow listener, a restart) costs
//! latency, never a notification: the next wake-up, a periodic check or a reconnect's replay
//! reads everything that was missed, and nothing twice.
//!
//! In-process by default; with Redis (fred) every instance publishes to one channel and
//! relays what it hears to its own listeners, so an event handled by one instance reaches a
//! browser connected to another.

use fred::{
    prelude::{Builder, ClientLike, Config, EventInterface, PubsubInterface, ReconnectPolicy},
    types::Message,
};
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::broadcast;

use crate::ServiceError;

/// The Redis channel every instance publishes to and listens on.
pub const CHANNEL: &str = "chef-galaxy:notifications";

/// Who should look for new notifications, or a post that open feeds may announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    User(i64),
    /// Everyone: sent after the Redis link comes back, since wake-ups may have been missed.
    Everyone,
    /// A post was just published: feeds open anywhere may show "1 new post". Losing one
    /// only delays the news until the reader scrolls up or reloads.
    Post {
        post_id: i64,
        author_id: i64,
    },
    /// Something changed on a question's page (an answer, a comment, a vote, an acceptance):
    /// anyone reading it reloads. Losing one only delays it until the next change or reload.
    Question(i64),
}

impl Wake {
    /// Whether `user_id` should look for new notifications.
    pub fn concerns(self, user_id: i64) -> bool {
        match self {
            Wake::User(id) => id == user_id,
            Wake::Everyone => true,
            Wake::Post { .. } | Wake::Question(_) => false,
        }
    }

    /// How it travels through Redis: a user id, `post:{id}:{author}` or `question:{id}`.
    fn encode(self) -> Option<String> {
        match self {
            Wake::User(id) => Some(id.to_string()),
            Wake::Post { post_id, author_id } => Some(format!("post:{post_id}:{author_id}")),
            Wake::Question(id) => Some(format!("question:{id}")),
            Wake::Everyone => None,
        }
    }

    fn decode(text: &str) -> Option<Self> {
        if let Some(id) = text.strip_prefix("question:") {
            return id.parse().ok().map(Wake::Question);
        }
        match text.strip_prefix("post:") {
            Some(rest) => {
                let (post_id, author_id) = rest.split_once(':')?;
                Some(Wake::Post {
                    post_id: post_id.parse().ok()?,
                    author_id: author_id.parse().ok()?,
                })
            }
            None => text.parse().ok().map(Wake::User),
        }
    }
}

#[derive(Clone)]
pub struct NotificationBus {
    local: broadcast::Sender<Wake>,
    redis: Option<fred::clients::Client>,
    /// Whether this instance is currently listening on the Redis channel.
    listening: Arc<AtomicBool>,
}

impl Default for NotificationBus {
    fn default() -> Self {
        Self::in_process()
    }
}

impl NotificationBus {
    pub fn in_process() -> Self {
        Self {
            local: broadcast::channel(1024).0,
            redis: None,
            listening: Arc::default(),
        }
    }

    /// A bus over Redis at `url`. Connecting happens in the background and is retried for
    /// ever: with Redis away, the site keeps working and wake-ups stay within this instance
    /// until it is back. Only a malformed URL is an error.
    pub fn redis(url: &str) -> Result<Self, ServiceError> {
        let config =
            Config::from_url(url).map_err(|e| ServiceError::Config(format!("REDIS_URL: {e}")))?;
        let build = || {
            Builder::from_config(config.clone())
                .with_config(|c| c.fail_fast = false)
                .with_connection_config(|c| {
                    c.connection_timeout = Duration::from_secs(2);
                    c.max_command_attempts = 1;
                })
                .with_performance_config(|c| c.default_command_timeout = Duration::from_secs(2))
                .set_policy(ReconnectPolicy::new_exponential(0, 100, 5_000, 2))
                .build()
                .map_err(|e| ServiceError::Config(format!("REDIS_URL: {e}")))
        };
        let publisher = build()?;
        let subscriber = build()?;
        let bus = Self {
            local: broadcast::channel(1024).0,
            redis: Some(publisher.clone()),
            listening: Arc::default(),
        };
        publisher.connect();
        bus.relay_from(subscriber);
        Ok(bus)
    }

    /// Listens on the Redis channel (again after every reconnect) and hands what it hears to
    /// this instance's listeners.
    fn relay_from(&self, subscriber: fred::clients::Client) {
        let local = self.local.clone();
        let mut connected = subscriber.reconnect_rx();
        let mut messages = subscriber.message_rx();
        {
            let subscriber = subscriber.clone();
            let local = local.clone();
            let listening = self.listening.clone();
            tokio::spawn(async move {
                while connected.recv().await.is_ok() {
                    match subscriber.subscribe(CHANNEL).await {
                        Ok(()) => {
                            tracing::info!("listening for notifications on Redis");
                            listening.store(true, Ordering::SeqCst);
                            let _ = local.send(Wake::Everyone);
                        }
                        Err(error) => tracing::warn!(%error, "could not subscribe on Redis"),
                    }
                }
            });
        }
        {
            let listening = self.listening.clone();
            subscriber.on_error(move |(error, _)| {
                // Said once per outage, not at every reconnect attempt.
                if listening.swap(false, Ordering::SeqCst) {
                    tracing::warn!(%error, "Redis connection lost; live notifications stay local until it is back");
                }
                async { Ok(()) }
            });
        }
        tokio::spawn(async move {
            loop {
                match messages.recv().await {
                    Ok(message) => {
                        if let Some(wake) = wake_from(&message) {
                            let _ = local.send(wake);
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        let _ = local.send(Wake::Everyone);
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        subscriber.connect();
    }

    /// Wakes `user_id`'s listeners on every instance. Call it after the transaction that
    /// stored the notification has committed. Never waits and never fails: when Redis is
    /// unreachable the wake-up is delivered on this instance only.
    pub fn publish(&self, user_id: i64) {
        self.send(Wake::User(user_id));
    }

    /// Tells open feeds on every instance that a post was published. Call it after the
    /// transaction that wrote the post has committed.
    pub fn publish_post(&self, post_id: i64, author_id: i64) {
        self.send(Wake::Post { post_id, author_id });
    }

    /// Tells open pages of a question, on every instance, that it changed. Call it after the
    /// transaction that changed it has committed.
    pub fn publish_question(&self, question_id: i64) {
        self.send(Wake::Question(question_id));
    }

    fn send(&self, wake: Wake) {
        let Some(message) = wake.encode() else {
            let _ = self.local.send(wake);
            return;
        };
        match &self.redis {
            Some(redis) if redis.is_connected() => {
                let (redis, local) = (redis.clone(), self.local.clone());
                tokio::spawn(async move {
                    let sent: Result<i64, _> = redis.publish(CHANNEL, message).await;
                    if let Err(error) = sent {
                        tracing::warn!(%error, "Redis publish failed; waking local listeners only");
                        let _ = local.send(wake);
                    }
                });
            }
            _ => {
                let _ = self.local.send(wake);
            }
        }
    }

    /// The Redis client, when the bus has one: other shared counters use it too.
    pub(crate) fn redis_client(&self) -> Option<&fred::clients::Client> {
        self.redis.as_ref()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Wake> {
        self.local.subscribe()
    }

    pub fn is_redis(&self) -> bool {
        self.redis.is_some()
    }

    /// For health reports: None without Redis; otherwise whether wake-ups currently cross
    /// instances (published and heard through Redis).
    pub fn redis_linked(&self) -> Option<bool> {
        let redis = self.redis.as_ref()?;
        Some(redis.is_connected() && self.listening.load(Ordering::SeqCst))
    }
}

fn wake_from(message: &Message) -> Option<Wake> {
    Wake::decode(&message.value.as_str()?)
}

#[cfg(test)]
mod tests {
    use super::Wake;

    #[test]
    fn wake_ups_cross_redis_as_they_were_sent() {
        for wake in [
            Wake::User(42),
            Wake::Post {
                post_id: 7,
                author_id: 3,
            },
            Wake::Question(11),
        ] {
            assert_eq!(Wake::decode(&wake.encode().unwrap()), Some(wake));
        }
        assert_eq!(Wake::decode("post:7"), None);
        assert_eq!(Wake::decode("question:x"), None);
        assert_eq!(Wake::decode("nonsense"), None);
    }
}
