//! Limits on how often one address or one account may do costly or guessable things:
//! sign up, log in, upload photos. Counted in fixed windows, in Redis when it is configured
//! (so every instance shares one count) and in this process otherwise — or while Redis is
//! unreachable, when each instance counts alone rather than letting everything through.

use fred::prelude::{ClientLike, KeysInterface};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use crate::{bus::NotificationBus, ServiceError};

/// How many times something may happen per key within a window.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    pub limit: u32,
    pub window: Duration,
}

/// New accounts from one address: a household signs up a few, a script hundreds.
pub const SIGNUPS_PER_ADDRESS: Rule = Rule {
    name: "signup-address",
    limit: 10,
    window: Duration::from_secs(3600),
};
/// Log-in attempts from one address, whichever emails: stops spraying many accounts.
pub const LOGINS_PER_ADDRESS: Rule = Rule {
    name: "login-address",
    limit: 100,
    window: Duration::from_secs(600),
};
/// Wrong passwords for one email from one address: a person mistyping, or one machine
/// guessing. Only that address is held up for that email.
pub const LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL: Rule = Rule {
    name: "login-address-email",
    limit: 5,
    window: Duration::from_secs(900),
};
/// Wrong passwords for one email from anywhere: stops guessing one account from many
/// addresses. Ten times the one-address limit, so no single address can lock a person out.
/// Only failures count, so nobody is held up by their own successful log-ins.
pub const LOGIN_FAILURES_PER_EMAIL: Rule = Rule {
    name: "login-email",
    limit: 50,
    window: Duration::from_secs(3600),
};
/// Photos (profile, gallery, dispute evidence) one account may send: each costs a decode.
pub const UPLOADS_PER_ACCOUNT: Rule = Rule {
    name: "upload-account",
    limit: 60,
    window: Duration::from_secs(3600),
};

/// Posts one account may write: a keen cook shares a few a day, a spammer hundreds.
pub const POSTS_PER_ACCOUNT: Rule = Rule {
    name: "post-account",
    limit: 30,
    window: Duration::from_secs(3600),
};
/// Comments one account may write.
pub const COMMENTS_PER_ACCOUNT: Rule = Rule {
    name: "comment-account",
    limit: 120,
    window: Duration::from_secs(3600),
};
/// Follows one account may make: following back a whole address book is fine once.
pub const FOLLOWS_PER_ACCOUNT: Rule = Rule {
    name: "follow-account",
    limit: 200,
    window: Duration::from_secs(3600),
};
/// Reports one account may file: enough for a bad evening, not for flooding the queue.
pub const REPORTS_PER_ACCOUNT: Rule = Rule {
    name: "report-account",
    limit: 30,
    window: Duration::from_secs(3600),
};
/// Likes (posts and comments) one account may give.
pub const LIKES_PER_ACCOUNT: Rule = Rule {
    name: "like-account",
    limit: 600,
    window: Duration::from_secs(3600),
};
/// Questions one account may ask: a curious cook asks a few a day.
pub const QUESTIONS_PER_ACCOUNT: Rule = Rule {
    name: "question-account",
    limit: 10,
    window: Duration::from_secs(3600),
};
/// Answers one account may write.
pub const ANSWERS_PER_ACCOUNT: Rule = Rule {
    name: "answer-account",
    limit: 30,
    window: Duration::from_secs(3600),
};
/// Votes one account may cast on questions and answers.
pub const VOTES_PER_ACCOUNT: Rule = Rule {
    name: "vote-account",
    limit: 120,
    window: Duration::from_secs(3600),
};

#[derive(Clone)]
pub struct Throttle {
    redis: Option<fred::clients::Client>,
    local: Arc<Mutex<HashMap<String, Window>>>,
    /// Limits an operator changed from the rules' defaults, by rule name.
    limits: HashMap<&'static str, u32>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

impl Throttle {
    /// Counts in this process only.
    pub fn in_process() -> Self {
        Self {
            redis: None,
            local: Arc::default(),
            limits: HashMap::new(),
        }
    }

    /// Counts in the Redis the bus uses, when it uses one.
    pub fn shared_with(bus: &NotificationBus) -> Self {
        Self {
            redis: bus.redis_client().cloned(),
            local: Arc::default(),
            limits: HashMap::new(),
        }
    }

    /// The same counts with another limit for `rule`.
    pub fn with_limit(mut self, rule: &Rule, limit: u32) -> Self {
        self.limits.insert(rule.name, limit);
        self
    }

    fn limit_of(&self, rule: &Rule) -> u32 {
        self.limits.get(rule.name).copied().unwrap_or(rule.limit)
    }

    /// Counts one more for `key` and refuses it when that goes over the rule's limit.
    pub async fn hit(&self, rule: &Rule, key: &str) -> Result<(), ServiceError> {
        let key = format!("chef-galaxy:throttle:{}:{key}", rule.name);
        let (count, resets_in) = match self.redis_hit(rule, &key).await {
            Some(counted) => counted,
            None => self.local_count(rule, &key, 1),
        };
        refuse_over(self.limit_of(rule), count, resets_in)
    }

    /// Refuses when `key` is already over the limit, without counting.
    pub async fn check(&self, rule: &Rule, key: &str) -> Result<(), ServiceError> {
        let key = format!("chef-galaxy:throttle:{}:{key}", rule.name);
        let (count, resets_in) = match self.redis_peek(&key).await {
            Some(counted) => counted,
            None => self.local_count(rule, &key, 0),
        };
        // Already at the limit: one more would be over it.
        refuse_over(self.limit_of(rule), count.saturating_add(1), resets_in)
    }

    async fn redis_hit(&self, rule: &Rule, key: &str) -> Option<(u32, Duration)> {
        let redis = self.redis.as_ref().filter(|r| r.is_connected())?;
        let counted: Result<(u32, i64), fred::error::Error> = async {
            let count: u32 = redis.incr(key).await?;
            if count == 1 {
                let seconds = rule.window.as_secs() as i64;
                let _: () = redis
                    .expire(key, seconds, Some(fred::types::ExpireOptions::NX))
                    .await?;
            }
            let ttl: i64 = redis.ttl(key).await?;
            Ok((count, ttl))
        }
        .await;
        match counted {
            Ok((count, ttl)) => Some((count, Duration::from_secs(ttl.max(1) as u64))),
            Err(error) => {
                tracing::warn!(%error, "throttle: Redis unavailable, counting in this process");
                None
            }
        }
    }

    async fn redis_peek(&self, key: &str) -> Option<(u32, Duration)> {
        let redis = self.redis.as_ref().filter(|r| r.is_connected())?;
        let counted: Result<(Option<u32>, i64), fred::error::Error> = async {
            let count: Option<u32> = redis.get(key).await?;
            let ttl: i64 = redis.ttl(key).await?;
            Ok((count, ttl))
        }
        .await;
        match counted {
            Ok((count, ttl)) => Some((count.unwrap_or(0), Duration::from_secs(ttl.max(1) as u64))),
            Err(error) => {
                tracing::warn!(%error, "throttle: Redis unavailable, counting in this process");
                None
            }
        }
    }

    fn local_count(&self, rule: &Rule, key: &str, add: u32) -> (u32, Duration) {
        let now = Instant::now();
        let mut windows = self.local.lock().expect("throttle lock");
        if windows.len() > 100_000 {
            windows.retain(|_, window| now.duration_since(window.started) < rule.window);
        }
        let window = windows.entry(key.to_owned()).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(window.started) >= rule.window {
            *window = Window {
                started: now,
                count: 0,
            };
        }
        window.count = window.count.saturating_add(add);
        let resets_in = rule
            .window
            .saturating_sub(now.duration_since(window.started));
        (window.count, resets_in)
    }
}

fn refuse_over(limit: u32, count: u32, resets_in: Duration) -> Result<(), ServiceError> {
    if count > limit {
        Err(ServiceError::RateLimited(resets_in))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREE_A_MINUTE: Rule = Rule {
        name: "test",
        limit: 3,
        window: Duration::from_secs(60),
    };

    #[tokio::test]
    async fn the_hit_past_the_limit_is_refused_with_the_time_left() {
        let throttle = Throttle::in_process();
        for _ in 0..3 {
            throttle.hit(&THREE_A_MINUTE, "a").await.unwrap();
        }
        match throttle.hit(&THREE_A_MINUTE, "a").await {
            Err(ServiceError::RateLimited(wait)) => assert!(wait <= Duration::from_secs(60)),
            other => panic!("expected a refusal, got {other:?}"),
        }
        throttle
            .hit(&THREE_A_MINUTE, "b")
            .await
            .expect("other keys count apart");
    }

    #[tokio::test]
    async fn checking_counts_nothing() {
        let throttle = Throttle::in_process();
        for _ in 0..10 {
            throttle.check(&THREE_A_MINUTE, "a").await.unwrap();
        }
        for _ in 0..3 {
            throttle.hit(&THREE_A_MINUTE, "a").await.unwrap();
        }
        assert!(throttle.check(&THREE_A_MINUTE, "a").await.is_err());
    }
}
