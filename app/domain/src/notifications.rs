//! What a notification says. Stored with the event that causes it; shown in the feed and
//! pushed live to the browser.

use crate::events::GuestNeeds;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationContent {
    pub title: String,
    pub body: String,
    /// Where clicking it leads, e.g. `/kitchen`.
    #[serde(default)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    /// A stable code such as `welcome`; preferences are set per kind.
    pub kind: String,
    #[serde(flatten)]
    pub content: NotificationContent,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The first notification of every account.
pub fn welcome(display_name: &str, is_chef: bool) -> NotificationContent {
    if is_chef {
        NotificationContent {
            title: format!("Welcome to Chef Galaxy, {display_name}!"),
            body: "Set up your kitchen: profile, photos, dishes and the days you cook.".into(),
            link: Some("/kitchen".into()),
        }
    } else {
        NotificationContent {
            title: format!("Welcome to Chef Galaxy, {display_name}!"),
            body: "Find a private chef near you for your next celebration.".into(),
            link: Some("/chefs".into()),
        }
    }
}

/// Where one kind of notification goes, as the recipient chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// In the feed and live in the browser.
    InApp,
    /// In the app and by email as well.
    Email,
    /// Not at all.
    Off,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::InApp, Channel::Email, Channel::Off];

    pub fn code(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Email => "email",
            Channel::Off => "off",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::InApp => "In the app",
            Channel::Email => "In the app and by email",
            Channel::Off => "Off",
        }
    }
}

/// Every kind of notification there is. The code is what rows and preferences store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Welcome,
    /// A customer saved a chef's profile to their favourites.
    ChefSaved,
    /// The morning email listing what is still unread.
    DailyDigest,
    /// A booking moved a step: requested, accepted, paid, cancelled, released…
    BookingUpdate,
    /// A new message in a booking's thread.
    BookingMessage,
    /// An event is a week or a day away.
    BookingReminder,
    /// A customer posted an event a chef fits: they are invited to propose.
    Invitation,
    /// Someone started following you.
    Followed,
    /// Someone liked your post.
    PostLiked,
    /// Someone commented on your post or replied to your comment.
    PostCommented,
    /// Someone mentioned your @handle in a post.
    Mentioned,
    /// A moderator decided about your post, comment or account, or answered your appeal.
    Moderation,
    /// Someone answered your question.
    QuestionAnswered,
    /// A customer asked you a question from your chef page.
    AskedOfYou,
    /// Votes, comments and acceptances on your questions and answers.
    KnowledgeActivity,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Welcome,
        Kind::ChefSaved,
        Kind::DailyDigest,
        Kind::BookingUpdate,
        Kind::BookingMessage,
        Kind::BookingReminder,
        Kind::Invitation,
        Kind::Followed,
        Kind::PostLiked,
        Kind::PostCommented,
        Kind::Mentioned,
        Kind::Moderation,
        Kind::QuestionAnswered,
        Kind::AskedOfYou,
        Kind::KnowledgeActivity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Welcome => "welcome",
            Kind::ChefSaved => "chef_saved",
            Kind::DailyDigest => "daily_digest",
            Kind::BookingUpdate => "booking_update",
            Kind::BookingMessage => "booking_message",
            Kind::BookingReminder => "booking_reminder",
            Kind::Invitation => "invitation",
            Kind::Followed => "followed",
            Kind::PostLiked => "post_liked",
            Kind::PostCommented => "post_commented",
            Kind::Mentioned => "mentioned",
            Kind::Moderation => "moderation",
            Kind::QuestionAnswered => "question_answered",
            Kind::AskedOfYou => "asked_of_you",
            Kind::KnowledgeActivity => "knowledge_activity",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Welcome => "Welcome message",
            Kind::ChefSaved => "Someone saved your chef profile",
            Kind::DailyDigest => "Daily email of unread notifications",
            Kind::BookingUpdate => "A booking of yours changed",
            Kind::BookingMessage => "A new message about a booking",
            Kind::BookingReminder => "Reminders before an event",
            Kind::Invitation => "Invitations to propose for an event",
            Kind::Followed => "Someone follows you",
            Kind::PostLiked => "Likes on your posts",
            Kind::PostCommented => "Comments on your posts and replies to yours",
            Kind::Mentioned => "Someone mentions you in a post",
            Kind::Moderation => "Moderators' decisions about what you wrote",
            Kind::QuestionAnswered => "Answers to your questions",
            Kind::AskedOfYou => "Questions asked of you",
            Kind::KnowledgeActivity => {
                "Votes, comments and accepted answers on your questions and answers"
            }
        }
    }

    pub fn default_channel(self) -> Channel {
        match self {
            Kind::Welcome | Kind::ChefSaved | Kind::BookingMessage => Channel::InApp,
            Kind::Followed | Kind::PostLiked | Kind::PostCommented | Kind::Mentioned => {
                Channel::InApp
            }
            Kind::QuestionAnswered | Kind::KnowledgeActivity => Channel::InApp,
            // A customer waits on the chef's answer, as on a booking request.
            Kind::AskedOfYou => Channel::Email,
            // Money and dates matter enough to reach people outside the app too.
            Kind::BookingUpdate | Kind::BookingReminder | Kind::Invitation => Channel::Email,
            // A decision comes with a reason and an appeal window: it must not go unseen.
            Kind::Moderation => Channel::Email,
            Kind::DailyDigest => Channel::Email,
        }
    }

    /// The channels a person may choose for this kind. The digest is an email by nature;
    /// the welcome comes before anyone could choose, so it has no choice.
    pub fn channels(self) -> &'static [Channel] {
        match self {
            Kind::Welcome => &[Channel::InApp],
            Kind::ChefSaved
            | Kind::BookingMessage
            | Kind::BookingReminder
            | Kind::Invitation
            | Kind::Followed
            | Kind::PostLiked
            | Kind::PostCommented
            | Kind::Mentioned
            | Kind::QuestionAnswered
            | Kind::AskedOfYou
            | Kind::KnowledgeActivity => &Channel::ALL,
            // Nobody should miss that money moved or an event changed: never off.
            Kind::BookingUpdate => &[Channel::InApp, Channel::Email],
            Kind::Moderation => &[Channel::InApp, Channel::Email],
            Kind::DailyDigest => &[Channel::Email, Channel::Off],
        }
    }

    /// The kinds shown on the preferences form.
    pub fn choosable() -> impl Iterator<Item = Kind> {
        Self::ALL.into_iter().filter(|k| k.channels().len() > 1)
    }
}

/// One row of the preferences form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preference {
    /// A kind code, e.g. `chef_saved`.
    pub kind: String,
    pub channel: Channel,
}

/// Checks a preference someone sends: a known kind, and a channel that kind allows.
pub fn validate_preference(preference: &Preference) -> Result<(Kind, Channel), String> {
    let kind = Kind::from_code(&preference.kind)
        .ok_or_else(|| format!("{:?} is not a kind of notification", preference.kind))?;
    if !kind.channels().contains(&preference.channel) {
        return Err(format!(
            "{} can be: {}",
            kind.label(),
            kind.channels()
                .iter()
                .map(|c| c.label())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok((kind, preference.channel))
}

pub fn chef_saved(saver_name: &str) -> NotificationContent {
    NotificationContent {
        title: format!("{saver_name} saved your profile"),
        body: "They added you to their favourite chefs: a booking may follow.".into(),
        link: Some("/kitchen".into()),
    }
}

/// "Ana", "Ana and 1 other", "Ana and 3 others": the newest person of a group and the rest.
pub fn and_others(name: &str, others: usize) -> String {
    match others {
        0 => name.to_owned(),
        1 => format!("{name} and 1 other"),
        n => format!("{name} and {n} others"),
    }
}

/// Someone (and `others` before them) follows you; the link is the newest one's profile.
pub fn followed(follower_name: &str, follower_handle: &str, others: usize) -> NotificationContent {
    let who = and_others(follower_name, others);
    NotificationContent {
        title: if others == 0 {
            format!("{who} follows you")
        } else {
            format!("{who} follow you")
        },
        body: "Their posts can show in your feed if you follow them back.".into(),
        link: Some(format!("/u/{follower_handle}")),
    }
}

/// Likes on your post: the newest liker and how many others since you last looked.
pub fn post_liked(liker_name: &str, post_id: i64, others: usize) -> NotificationContent {
    NotificationContent {
        title: format!("{} liked your post", and_others(liker_name, others)),
        body: "See who else enjoyed it.".into(),
        link: Some(format!("/p/{post_id}")),
    }
}

/// Comments on your post, or replies to your comment.
pub fn post_commented(
    author_name: &str,
    post_id: i64,
    is_reply: bool,
    others: usize,
) -> NotificationContent {
    let who = and_others(author_name, others);
    NotificationContent {
        title: if is_reply {
            format!("{who} replied in a conversation you are in")
        } else {
            format!("{who} commented on your post")
        },
        body: "Read it and answer.".into(),
        link: Some(format!("/p/{post_id}")),
    }
}

/// Your @handle in someone's post.
pub fn mentioned(author_name: &str, post_id: i64) -> NotificationContent {
    NotificationContent {
        title: format!("{author_name} mentioned you in a post"),
        body: "See what they wrote.".into(),
        link: Some(format!("/p/{post_id}")),
    }
}

/// A new answer to your question.
pub fn question_answered(
    answerer_name: &str,
    question_id: i64,
    title: &str,
) -> NotificationContent {
    NotificationContent {
        title: format!("{answerer_name} answered your question"),
        body: title.chars().take(160).collect(),
        link: Some(format!("/knowledge/q/{question_id}")),
    }
}

/// A question asked of you from your chef page.
pub fn asked_of_you(asker_name: &str, question_id: i64, title: &str) -> NotificationContent {
    NotificationContent {
        title: format!("{asker_name} asked you a question"),
        body: title.chars().take(160).collect(),
        link: Some(format!("/knowledge/q/{question_id}")),
    }
}

/// Your answer was accepted by the asker.
pub fn answer_accepted(question_id: i64, title: &str) -> NotificationContent {
    NotificationContent {
        title: "Your answer was accepted".into(),
        body: title.chars().take(160).collect(),
        link: Some(format!("/knowledge/q/{question_id}")),
    }
}

/// Votes on your question or answer, grouped: "3 people voted on your answer".
pub fn knowledge_voted(what: &str, question_id: i64, voters: usize) -> NotificationContent {
    NotificationContent {
        title: match voters {
            1 => format!("Someone voted on your {what}"),
            n => format!("{n} people voted on your {what}"),
        },
        body: "See where it stands.".into(),
        link: Some(format!("/knowledge/q/{question_id}")),
    }
}

/// A comment on your question or answer.
pub fn knowledge_commented(author_name: &str, what: &str, question_id: i64) -> NotificationContent {
    NotificationContent {
        title: format!("{author_name} commented on your {what}"),
        body: "See what they wrote.".into(),
        link: Some(format!("/knowledge/q/{question_id}")),
    }
}

/// Your question was closed (by votes or a moderator), or reopened.
pub fn question_closed(question_id: i64, title: &str, reason: Option<&str>) -> NotificationContent {
    NotificationContent {
        title: match reason {
            Some(reason) => format!("Your question was closed: {reason}"),
            None => "Your question was reopened".to_owned(),
        },
        body: title.chars().take(160).collect(),
        link: Some(format!("/knowledge/q/{question_id}")),
    }
}

/// A moderator's decision, or their answer to an appeal; the link shows the reason and how
/// to appeal.
pub fn moderation(headline: &str, reason: &str, decision_id: i64) -> NotificationContent {
    NotificationContent {
        title: headline.to_owned(),
        body: reason.chars().take(280).collect(),
        link: Some(format!("/moderation/{decision_id}")),
    }
}

/// Tells one side of a booking that it moved a step.
pub fn booking_update(booking_id: i64, title: String, body: String) -> NotificationContent {
    NotificationContent {
        title,
        body,
        link: Some(format!("/bookings/{booking_id}")),
    }
}

pub fn booking_message(booking_id: i64, sender_name: &str, body: &str) -> NotificationContent {
    let preview: String = body.chars().take(140).collect();
    NotificationContent {
        title: format!("{sender_name} wrote about booking #{booking_id}"),
        body: preview,
        link: Some(format!("/bookings/{booking_id}#messages")),
    }
}

/// Invites a chef to propose a menu for a posted event.
pub fn invitation(
    request_id: i64,
    customer_name: &str,
    event: &str,
    local_start: &str,
    guests: i64,
    needs: &GuestNeeds,
) -> NotificationContent {
    let needs = needs.summary().map(|s| format!(" {s}")).unwrap_or_default();
    NotificationContent {
        title: format!("{customer_name} is looking for a chef: {event}"),
        body: format!(
            "{local_start}, {guests} guests.{needs} Send a menu and a quote; the first four are compared."
        ),
        link: Some(format!("/requests/{request_id}")),
    }
}

/// The daily email: what is still unread, newest first.
pub fn digest_email(display_name: &str, unread: &[Notification]) -> (String, String) {
    let subject = match unread.len() {
        1 => "You have 1 unread notification on Chef Galaxy".to_owned(),
        n => format!("You have {n} unread notifications on Chef Galaxy"),
    };
    let mut body = format!("Hello {display_name},\n\nHere is what you have not read yet:\n\n");
    for notification in unread {
        body.push_str(&format!(
            "- {}: {}\n",
            notification.content.title, notification.content.body
        ));
    }
    body.push_str("\nRead them all at /notifications.\n");
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_names_the_newest_person_and_counts_the_others() {
        assert_eq!(post_liked("Ana", 7, 0).title, "Ana liked your post");
        assert_eq!(
            post_liked("Ana", 7, 1).title,
            "Ana and 1 other liked your post"
        );
        assert_eq!(
            followed("Ana", "ana", 3,).title,
            "Ana and 3 others follow you"
        );
        assert_eq!(
            post_commented("Ana", 7, false, 2).title,
            "Ana and 2 others commented on your post"
        );
    }

    #[test]
    fn every_kind_allows_its_default_channel_and_reads_back_from_its_code() {
        for kind in Kind::ALL {
            assert!(
                kind.channels().contains(&kind.default_channel()),
                "{kind:?}"
            );
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
        for channel in Channel::ALL {
            assert_eq!(Channel::from_code(channel.code()), Some(channel));
        }
    }

    #[test]
    fn a_preference_must_name_a_known_kind_and_a_channel_it_allows() {
        let choose = |kind: &str, channel| {
            validate_preference(&Preference {
                kind: kind.into(),
                channel,
            })
        };
        assert_eq!(
            choose("chef_saved", Channel::Off),
            Ok((Kind::ChefSaved, Channel::Off))
        );
        assert!(choose("daily_digest", Channel::InApp)
            .unwrap_err()
            .contains("by email"));
        assert!(choose("welcome", Channel::Off).is_err());
        assert!(choose("lottery_win", Channel::Email).is_err());
    }

    #[test]
    fn only_kinds_with_a_real_choice_appear_on_the_form() {
        let shown: Vec<Kind> = Kind::choosable().collect();
        assert_eq!(
            shown,
            vec![
                Kind::ChefSaved,
                Kind::DailyDigest,
                Kind::BookingUpdate,
                Kind::BookingMessage,
                Kind::BookingReminder,
                Kind::Invitation,
                Kind::Followed,
                Kind::PostLiked,
                Kind::PostCommented,
                Kind::Mentioned,
                Kind::Moderation,
                Kind::QuestionAnswered,
                Kind::AskedOfYou,
                Kind::KnowledgeActivity,
            ]
        );
    }

    #[test]
    fn the_digest_lists_every_unread_title_and_counts_them_in_the_subject() {
        let unread = |id, title: &str| Notification {
            id,
            kind: "chef_saved".into(),
            content: NotificationContent {
                title: title.into(),
                body: "b".into(),
                link: None,
            },
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            read: false,
        };
        let (subject, body) = digest_email(
            "Ada",
            &[unread(2, "Bo saved you"), unread(1, "Cy saved you")],
        );
        assert_eq!(subject, "You have 2 unread notifications on Chef Galaxy");
        assert!(body.contains("Bo saved you") && body.contains("Cy saved you"));
    }
}
