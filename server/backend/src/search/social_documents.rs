//! Search documents of the social network, built from the rows as they are now: a post while
//! it is neither deleted nor hidden, with its author and the place of the chef it is linked
//! to; a person while their account is not suspended.

use domain::{
    account::Role,
    search::{PersonDocument, PostDocument},
    social::text::tags_in,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

use crate::{
    entities::{bookings, chef_profiles, dishes, posts, users},
    social::visibility::live_posts,
    ServiceError,
};

/// Search documents for the live posts among `ids`.
pub async fn post_documents(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<PostDocument>, ServiceError> {
    let rows = live_posts()
        .filter(posts::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(posts::Column::Id)
        .all(db)
        .await?;
    let authors: HashMap<i64, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(rows.iter().map(|post| post.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user))
        .collect();
    let dish_chefs: HashMap<i64, i64> = dishes::Entity::find()
        .select_only()
        .column(dishes::Column::Id)
        .column(dishes::Column::ChefId)
        .filter(dishes::Column::Id.is_in(rows.iter().filter_map(|post| post.dish_id)))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let event_chefs: HashMap<i64, i64> = bookings::Entity::find()
        .select_only()
        .column(bookings::Column::Id)
        .column(bookings::Column::ChefId)
        .filter(bookings::Column::Id.is_in(rows.iter().filter_map(|post| post.booking_id)))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // The author when they cook, else the chef of the linked dish or event.
    let chef_of = |post: &posts::Model| {
        let author_cooks = authors
            .get(&post.author_id)
            .is_some_and(|author| Role::parse(&author.role) == Some(Role::Chef));
        if author_cooks {
            Some(post.author_id)
        } else {
            post.dish_id
                .and_then(|dish| dish_chefs.get(&dish).copied())
                .or_else(|| {
                    post.booking_id
                        .and_then(|booking| event_chefs.get(&booking).copied())
                })
        }
    };
    let places: HashMap<i64, (f64, f64)> = chef_profiles::Entity::find()
        .select_only()
        .column(chef_profiles::Column::UserId)
        .column(chef_profiles::Column::Latitude)
        .column(chef_profiles::Column::Longitude)
        .filter(chef_profiles::Column::UserId.is_in(rows.iter().filter_map(&chef_of)))
        .into_tuple::<(i64, f64, f64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(chef, lat, lng)| (chef, (lat, lng)))
        .collect();
    Ok(rows
        .iter()
        .map(|post| {
            let author = authors.get(&post.author_id);
            let place = chef_of(post).and_then(|chef| places.get(&chef).copied());
            PostDocument {
                id: post.id,
                author_id: post.author_id,
                author_handle: author
                    .and_then(|author| author.handle.clone())
                    .unwrap_or_default(),
                author_name: author
                    .map(|author| author.display_name.clone())
                    .unwrap_or_default(),
                text: post.text.clone(),
                tags: tags_in(&post.text),
                lat: place.map(|(lat, _)| lat),
                lng: place.map(|(_, lng)| lng),
            }
        })
        .collect())
}

/// Search documents for the people among `ids` whose accounts are in good standing.
pub async fn person_documents(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<PersonDocument>, ServiceError> {
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids.iter().copied()))
        .filter(users::Column::SuspendedAt.is_null())
        .filter(users::Column::Handle.is_not_null())
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|user| PersonDocument {
            id: user.id,
            is_chef: Role::parse(&user.role) == Some(Role::Chef),
            handle: user.handle.unwrap_or_default(),
            display_name: user.display_name,
            bio: user.bio,
        })
        .collect())
}
