//! The "Verified chef" badge's facts, from the marketplace's own records: the rank tier, the
//! bookings completed and the disputes — never what a chef wrote about themself. Read for
//! every chef on a page at once, in a fixed number of queries.

use domain::{
    booking::{BookingState, Party},
    knowledge::views::VerifiedChef,
    rank::Tier,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

use crate::{
    entities::{bookings, chef_profiles, chef_ranks, disputes},
    ServiceError,
};

/// The record of each of `people` who is a chef.
pub(super) async fn verified_chefs<C: ConnectionTrait>(
    db: &C,
    people: &HashSet<i64>,
) -> Result<HashMap<i64, VerifiedChef>, ServiceError> {
    let ids: Vec<i64> = people.iter().copied().collect();
    let chefs: Vec<i64> = chef_profiles::Entity::find()
        .select_only()
        .column(chef_profiles::Column::UserId)
        .filter(chef_profiles::Column::UserId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    if chefs.is_empty() {
        return Ok(HashMap::new());
    }
    let tiers: HashMap<i64, Tier> = chef_ranks::Entity::find()
        .filter(chef_ranks::Column::ChefId.is_in(chefs.clone()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|rank| Some((rank.chef_id, Tier::parse(&rank.tier)?)))
        .collect();
    let done_states = [
        BookingState::Completed.code(),
        BookingState::Released.code(),
    ];
    let bookings: Vec<(i64, i64, String)> = bookings::Entity::find()
        .select_only()
        .column(bookings::Column::Id)
        .column(bookings::Column::ChefId)
        .column(bookings::Column::State)
        .filter(bookings::Column::ChefId.is_in(chefs.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let chef_of: HashMap<i64, i64> = bookings.iter().map(|(id, chef, _)| (*id, *chef)).collect();
    let mut facts: HashMap<i64, VerifiedChef> = chefs
        .iter()
        .map(|chef| {
            let record = VerifiedChef {
                chef_id: *chef,
                tier: tiers.get(chef).copied().unwrap_or(Tier::New),
                completed_bookings: 0,
                disputes: 0,
                disputes_lost: 0,
            };
            (*chef, record)
        })
        .collect();
    let mut lost_bookings = HashSet::new();
    for dispute in disputes::Entity::find()
        .filter(disputes::Column::BookingId.is_in(chef_of.keys().copied()))
        .all(db)
        .await?
    {
        let Some(record) = chef_of
            .get(&dispute.booking_id)
            .and_then(|chef| facts.get_mut(chef))
        else {
            continue;
        };
        record.disputes += 1;
        // Lost as the rank counts it: the ruling in force penalises the chef.
        if dispute
            .ruling
            .as_ref()
            .is_some_and(|ruling| ruling.0.penalised == Some(Party::Chef))
        {
            record.disputes_lost += 1;
            lost_bookings.insert(dispute.booking_id);
        }
    }
    for (id, chef, state) in &bookings {
        if done_states.contains(&state.as_str()) && !lost_bookings.contains(id) {
            if let Some(record) = facts.get_mut(chef) {
                record.completed_bookings += 1;
            }
        }
    }
    Ok(facts)
}
