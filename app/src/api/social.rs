//! Server functions behind the feed, a post's page, a person's page, a tag's page, feed
//! settings and reports. Writing a post with photos goes to the JSON API as multipart
//! (`components::composer`), as chef photos do.

use domain::social::{
    feed::{FeedKind, FeedPage, FeedWeights},
    moderation::{Report, ReportForm},
    posts::{Comment, EventRef, EventSharing, PersonRef, Post, Profile},
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::ServerError;

/// The person reading, as posts name people: for the composer and for "is this mine".
#[cfg(feature = "ssr")]
pub(super) async fn reader_ref(
    services: &backend::Services,
    reader: Option<&domain::account::CurrentUser>,
) -> Result<Option<PersonRef>, ServerError> {
    let Some(reader) = reader else {
        return Ok(None);
    };
    let mut people = backend::social::views::people(&services.db, [reader.id].into()).await?;
    Ok(people.remove(&reader.id))
}

/// Which list of posts a page shows and pages on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostList {
    Feed(FeedKind),
    Author(String),
    Tag(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedView {
    pub page: FeedPage,
    /// The reader; None for visitors (who see For you and are asked to log in for the rest).
    pub me: Option<PersonRef>,
    pub weights: FeedWeights,
    pub city: Option<String>,
}

#[server(endpoint = "social/feed")]
pub async fn load_feed(kind: FeedKind) -> Result<FeedView, ServerError> {
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let me = reader_ref(&services, reader.as_ref()).await?;
    let settings = match &reader {
        Some(reader) => Some(services.feeds.settings(reader.id).await?),
        None => None,
    };
    let city = settings.as_ref().and_then(|s| s.city.clone());
    let page = match (kind, &reader) {
        (FeedKind::Following, Some(reader)) => services.feeds.following(reader, None).await?,
        (FeedKind::Following, None) => FeedPage {
            items: Vec::new(),
            next_cursor: None,
        },
        (FeedKind::ForYou, reader) => services.feeds.for_you(reader.as_ref(), None).await?,
        (FeedKind::Nearby, reader) => services.social_search.nearby(reader.as_ref(), None).await?,
    };
    Ok(FeedView {
        page,
        me,
        weights: settings.as_ref().map(|s| s.weights).unwrap_or_default(),
        city,
    })
}

/// The page after `cursor` of any list of posts: infinite scroll asks for it.
#[server(input = Json, endpoint = "social/more")]
pub async fn more_posts(list: PostList, cursor: String) -> Result<FeedPage, ServerError> {
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let cursor = Some(cursor.as_str());
    Ok(match list {
        PostList::Feed(FeedKind::Following) => {
            let (_, reader) = super::context::signed_in().await?;
            services.feeds.following(&reader, cursor).await?
        }
        PostList::Feed(FeedKind::ForYou) => services.feeds.for_you(reader.as_ref(), cursor).await?,
        PostList::Feed(FeedKind::Nearby) => {
            services
                .social_search
                .nearby(reader.as_ref(), cursor)
                .await?
        }
        PostList::Author(handle) => {
            services
                .feeds
                .by_author(reader.as_ref(), &handle, cursor)
                .await?
        }
        PostList::Tag(tag) => services.feeds.tagged(reader.as_ref(), &tag, cursor).await?,
    })
}

#[server(input = Json, endpoint = "social/feed_settings")]
pub async fn save_feed_settings(
    weights: FeedWeights,
    city: Option<String>,
) -> Result<(), ServerError> {
    let (services, reader) = super::context::signed_in().await?;
    services
        .feeds
        .save_settings(&reader, weights, city.as_deref())
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostView {
    pub post: Post,
    pub comments: Vec<Comment>,
    pub me: Option<PersonRef>,
    /// Whether the reader wrote it and may still edit it (the server's clock decides).
    pub editable: bool,
    /// The earlier versions of the text, newest first, with when each was replaced.
    pub history: Vec<(chrono::DateTime<chrono::Utc>, String)>,
}

#[server(endpoint = "social/post")]
pub async fn load_post(id: i64) -> Result<PostView, ServerError> {
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let post = services.posts.get(reader.as_ref(), id).await?;
    let comments = services.comments.of_post(reader.as_ref(), id).await?;
    let own = reader
        .as_ref()
        .is_some_and(|reader| reader.id == post.author.id);
    let editable = own && services.clock.now() < post.edit_closes_at();
    let history = match post.edited_at {
        Some(_) => services.posts.edit_history(reader.as_ref(), id).await?,
        None => Vec::new(),
    };
    Ok(PostView {
        post,
        comments,
        me: reader_ref(&services, reader.as_ref()).await?,
        editable,
        history,
    })
}

/// The author changes a post's text within a day of writing it; the old words are kept.
#[server(endpoint = "social/edit_post")]
pub async fn edit_post(post_id: i64, text: String) -> Result<Post, ServerError> {
    let (services, author) = super::context::signed_in().await?;
    Ok(services.posts.edit(&author, post_id, &text).await?)
}

/// Likes or unlikes a post; its like count after.
#[server(endpoint = "social/like")]
pub async fn like_post(post_id: i64, like: bool) -> Result<u32, ServerError> {
    let (services, reader) = super::context::signed_in().await?;
    Ok(if like {
        services.reactions.like(&reader, post_id).await?
    } else {
        services.reactions.unlike(&reader, post_id).await?
    })
}

#[server(endpoint = "social/save")]
pub async fn save_post(post_id: i64, save: bool) -> Result<bool, ServerError> {
    let (services, reader) = super::context::signed_in().await?;
    if save {
        services.reactions.save(&reader, post_id).await?;
    } else {
        services.reactions.unsave(&reader, post_id).await?;
    }
    Ok(save)
}

#[server(endpoint = "social/delete_post")]
pub async fn delete_post(post_id: i64) -> Result<(), ServerError> {
    let (services, author) = super::context::signed_in().await?;
    Ok(services.posts.delete(&author, post_id).await?)
}

#[server(endpoint = "social/comment")]
pub async fn add_comment(
    post_id: i64,
    reply_to: Option<i64>,
    text: String,
) -> Result<Comment, ServerError> {
    let (services, author) = super::context::signed_in().await?;
    Ok(services
        .comments
        .add(&author, post_id, reply_to, &text)
        .await?)
}

#[server(endpoint = "social/like_comment")]
pub async fn like_comment(comment_id: i64, like: bool) -> Result<u32, ServerError> {
    let (services, reader) = super::context::signed_in().await?;
    Ok(if like {
        services.comments.like(&reader, comment_id).await?
    } else {
        services.comments.unlike(&reader, comment_id).await?
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub profile: Profile,
    pub posts: FeedPage,
    pub me: Option<PersonRef>,
}

#[server(endpoint = "social/profile")]
pub async fn load_profile(handle: String) -> Result<ProfileView, ServerError> {
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let profile = services.graph.profile(reader.as_ref(), &handle).await?;
    let posts = services
        .feeds
        .by_author(reader.as_ref(), &handle, None)
        .await?;
    Ok(ProfileView {
        profile,
        posts,
        me: reader_ref(&services, reader.as_ref()).await?,
    })
}

#[server(endpoint = "social/follow")]
pub async fn follow_person(handle: String, follow: bool) -> Result<bool, ServerError> {
    let (services, reader) = super::context::signed_in().await?;
    if follow {
        services.graph.follow(&reader, &handle).await?;
    } else {
        services.graph.unfollow(&reader, &handle).await?;
    }
    Ok(follow)
}

#[server(endpoint = "social/block")]
pub async fn block_person(handle: String, block: bool) -> Result<bool, ServerError> {
    let (services, reader) = super::context::signed_in().await?;
    if block {
        services.graph.block(&reader, &handle).await?;
    } else {
        services.graph.unblock(&reader, &handle).await?;
    }
    Ok(block)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagView {
    pub tag: String,
    pub page: FeedPage,
}

#[server(endpoint = "social/tag")]
pub async fn load_tag(tag: String) -> Result<TagView, ServerError> {
    let services = super::context::services()?;
    let reader = super::context::visitor().await?;
    let page = services.feeds.tagged(reader.as_ref(), &tag, None).await?;
    Ok(TagView {
        tag: tag.trim_start_matches('#').to_lowercase(),
        page,
    })
}

#[server(input = Json, endpoint = "social/report")]
pub async fn file_report(form: ReportForm) -> Result<Report, ServerError> {
    let (services, reporter) = super::context::signed_in().await?;
    Ok(services.moderation.report(&reporter, &form).await?)
}

/// Who agreed to show a booking on posts ("from a real event").
#[server(endpoint = "social/event_sharing")]
pub async fn load_event_sharing(booking_id: i64) -> Result<EventSharing, ServerError> {
    let (services, viewer) = super::context::signed_in().await?;
    Ok(services.event_shares.sharing(&viewer, booking_id).await?)
}

/// Agrees (or stops agreeing) to show a booking on posts.
#[server(endpoint = "social/share_event")]
pub async fn share_event(booking_id: i64, agree: bool) -> Result<EventSharing, ServerError> {
    let (services, viewer) = super::context::signed_in().await?;
    let shares = &services.event_shares;
    Ok(if agree {
        shares.agree(&viewer, booking_id).await?
    } else {
        shares.withdraw(&viewer, booking_id).await?
    })
}

/// The reader's events both sides agreed to show, for the composer to link.
#[server(endpoint = "social/shown_events")]
pub async fn load_shown_events() -> Result<Vec<EventRef>, ServerError> {
    let (services, viewer) = super::context::signed_in().await?;
    Ok(services.event_shares.shown_events(&viewer).await?)
}
