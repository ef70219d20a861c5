//! The demo's past, so a newcomer sees a marketplace that has been running: a portrait and
//! plated dishes on every demo chef's profile, and dinners that took place before today —
//! requested, accepted, paid, cooked, paid out and reviewed by both sides through the same
//! services as a live booking, on a clock set back to before them. Ratings, reviews,
//! earnings, the ledger and ranks therefore agree with each other as they would live.
//! Idempotent: photos go only to chefs without any, the past is replayed only once.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use domain::{
    account::{CurrentUser, NewPassword, Role},
    booking::{BookingRequestForm, CardForm},
    catalog::Course,
    events::EventRequestForm,
    photos::PhotoKind,
    places::event_start,
    reviews::ReviewForm,
    FieldError,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::{demo_account, Dice, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD};
use crate::{
    accounts::hash_password,
    background,
    clock::Clock,
    email::Mailer,
    entities::{bookings, chef_profiles, dishes, photos, users},
    seed::pictures,
    social::handles::assign_handle,
    Deps, ServiceError, Services,
};

/// How far back the replayed past begins.
const HISTORY_DAYS: i64 = 150;
/// Every other demo chef has cooked before; the rest are new on the platform.
const CHEFS_WITH_HISTORY_EVERY: usize = 2;
const GALLERY_DISHES: usize = 3;
const GALLERY_SIZE: (u32, u32) = (800, 600);
const PORTRAIT_SIDE: u32 = 480;

/// Customers of the demo's past, who write its reviews.
#[rustfmt::skip]
const REVIEWERS: &[&str] = &[
    "Marta Sousa", "James Whitfield", "Camille Renard", "Tobias Becker", "Sara Lindqvist",
    "Daniel Okafor", "Giulia Conti", "Hannah Weiss", "Rafael Moreno", "Emily Carter",
    "Youssef Amrani", "Ingrid Hansen",
];
const OCCASIONS: &[(&str, &str)] = &[
    ("dinner", "dinner party"),
    ("birthday", "birthday"),
    ("wedding", "wedding rehearsal dinner"),
    ("corporate", "team dinner"),
];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct HistoryReport {
    pub photos_added: usize,
    pub events_held: usize,
    pub reviews_written: usize,
}

struct DemoChefRow {
    user: CurrentUser,
    city: String,
    latitude: f64,
    longitude: f64,
    min_guests: i32,
    dishes: Vec<dishes::Model>,
}

/// Adds the demo's photos and past, as of `now`. `deps` gives storage, search and the
/// database; payments always go to the sandbox: the demo's past charged nobody.
pub async fn seed_demo_history(
    deps: &Deps,
    now: DateTime<Utc>,
) -> Result<HistoryReport, ServiceError> {
    seed_demo_history_in(deps, now, |_| true).await
}

/// The same for the demo chefs of the cities `included` picks (a test takes one city).
pub async fn seed_demo_history_in(
    deps: &Deps,
    now: DateTime<Utc>,
    included: impl Fn(&str) -> bool,
) -> Result<HistoryReport, ServiceError> {
    let password_hash = hash_password(NewPassword::parse(DEMO_PASSWORD, None)?).await?;
    let mut chefs = demo_chefs(deps).await?;
    chefs.retain(|chef| included(&chef.city));
    let mut report = HistoryReport {
        photos_added: add_photos(deps, &chefs).await?,
        ..HistoryReport::default()
    };
    let reviewers = reviewer_accounts(deps, &password_hash, now).await?;
    let already_replayed = bookings::Entity::find()
        .filter(bookings::Column::CustomerId.is_in(reviewers.iter().map(|r| r.id)))
        .count(&deps.db)
        .await?
        > 0;
    if !already_replayed {
        let (events, reviews) = replay_past(deps, &chefs, &reviewers, now).await?;
        report.events_held = events;
        report.reviews_written = reviews;
    }
    tracing::info!(?report, "demo history seeded");
    Ok(report)
}

async fn demo_chefs(deps: &Deps) -> Result<Vec<DemoChefRow>, ServiceError> {
    let accounts = users::Entity::find()
        .filter(users::Column::Email.ends_with(format!("@{DEMO_EMAIL_DOMAIN}")))
        .filter(users::Column::Role.eq(Role::Chef.as_str()))
        .order_by_asc(users::Column::Id)
        .all(&deps.db)
        .await?;
    let profiles = chef_profiles::Entity::find().all(&deps.db).await?;
    let all_dishes = dishes::Entity::find()
        .order_by_asc(dishes::Column::Id)
        .all(&deps.db)
        .await?;
    Ok(accounts
        .into_iter()
        .filter_map(|account| {
            let profile = profiles.iter().find(|p| p.user_id == account.id)?;
            Some(DemoChefRow {
                city: profile.city.clone(),
                latitude: profile.latitude,
                longitude: profile.longitude,
                min_guests: profile.min_guests,
                dishes: all_dishes
                    .iter()
                    .filter(|d| d.chef_id == account.id)
                    .cloned()
                    .collect(),
                user: CurrentUser {
                    id: account.id,
                    email: account.email,
                    display_name: account.display_name,
                    role: Role::Chef,
                },
            })
        })
        .collect())
}

/// A portrait and a few plated dishes for each demo chef without photos, uploaded through
/// the photo service (checked, re-encoded, thumbnailed like any upload). Two chefs at a
/// time: painting and re-encoding keep a core busy each.
async fn add_photos(deps: &Deps, chefs: &[DemoChefRow]) -> Result<usize, ServiceError> {
    let with_photos: std::collections::HashSet<i64> = photos::Entity::find()
        .all(&deps.db)
        .await?
        .into_iter()
        .map(|photo| photo.chef_id)
        .collect();
    let services = Services::new(deps.clone());
    let without: Vec<&DemoChefRow> = chefs
        .iter()
        .filter(|c| !with_photos.contains(&c.user.id))
        .collect();
    let (first, second) = without.split_at(without.len() / 2);
    let (a, b) = tokio::try_join!(photograph(&services, first), photograph(&services, second))?;
    Ok(a + b)
}

async fn photograph(services: &Services, chefs: &[&DemoChefRow]) -> Result<usize, ServiceError> {
    let mut added = 0;
    for chef in chefs {
        let plated: Vec<(Course, Vec<String>)> = chef
            .dishes
            .iter()
            .filter_map(|d| Some((Course::parse(&d.course)?, d.ingredients.0.clone())))
            .filter(|(course, _)| *course != Course::Drink)
            .take(GALLERY_DISHES)
            .collect();
        let chef_id = chef.user.id;
        let pictures = tokio::task::spawn_blocking(move || {
            let mut dice = Dice(chef_id as u64);
            let mut painted = vec![(
                PhotoKind::Profile,
                pictures::chef_portrait(&mut dice, PORTRAIT_SIDE),
            )];
            for (course, ingredients) in plated {
                let ingredients: Vec<&str> = ingredients.iter().map(String::as_str).collect();
                let picture = pictures::plated_dish(course, &ingredients, &mut dice, GALLERY_SIZE);
                painted.push((PhotoKind::Gallery, picture));
            }
            painted
        })
        .await
        .map_err(|e| ServiceError::Storage(format!("painting demo photos stopped: {e}")))?;
        for (kind, bytes) in pictures {
            services
                .photos
                .upload(&chef.user, chef_id, kind, bytes.into())
                .await?;
            added += 1;
        }
    }
    Ok(added)
}

async fn reviewer_accounts(
    deps: &Deps,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<Vec<CurrentUser>, ServiceError> {
    let mut accounts = Vec::new();
    for (n, name) in REVIEWERS.iter().enumerate() {
        let email = format!("diner-{:02}@{DEMO_EMAIL_DOMAIN}", n + 1);
        let existing = users::Entity::find()
            .filter(users::Column::Email.eq(&email))
            .one(&deps.db)
            .await?;
        let id = match existing {
            Some(user) => user.id,
            None => {
                let joined = now - Duration::days(HISTORY_DAYS + 10);
                let customer = Role::Customer.as_str();
                let id = users::Entity::insert(demo_account(
                    &email,
                    name,
                    customer,
                    password_hash,
                    joined,
                ))
                .exec(&deps.db)
                .await?
                .last_insert_id;
                assign_handle(&deps.db, id, name).await?;
                id
            }
        };
        accounts.push(CurrentUser {
            id,
            email,
            display_name: (*name).to_owned(),
            role: Role::Customer,
        });
    }
    Ok(accounts)
}

struct PastEvent<'a> {
    chef: &'a DemoChefRow,
    customer: &'a CurrentUser,
    booking_id: i64,
    ends_at: DateTime<Utc>,
    dish_name: String,
    occasion: &'static str,
    guests: i32,
}

/// Books, pays, holds and reviews the past dinners in the order they happened, moving a
/// clock set `HISTORY_DAYS` back up to `now`.
async fn replay_past(
    deps: &Deps,
    chefs: &[DemoChefRow],
    reviewers: &[CurrentUser],
    now: DateTime<Utc>,
) -> Result<(usize, usize), ServiceError> {
    let clock = Clock::adjustable_from(now - Duration::days(HISTORY_DAYS));
    let deps = deps
        .clone()
        .with_clock(clock.clone())
        .with_payments(std::sync::Arc::new(crate::payments::SandboxProvider::new()));
    let services = Services::new(deps.clone());
    let worker = background::worker(&deps, "seed-history", Mailer::outbox_only());
    let run_due_jobs = || async {
        while worker.run_once().await?.completed > 0 {}
        Ok::<_, ServiceError>(())
    };
    let card = CardForm {
        number: "4242 4242 4242 4242".into(),
        exp_month: 12,
        exp_year: now.year() + 3,
        cvc: "123".into(),
    };

    let mut dice = Dice(HISTORY_DAYS as u64);
    let mut events = Vec::new();
    let start = clock.now();
    for (n, chef) in chefs.iter().enumerate() {
        if n % CHEFS_WITH_HISTORY_EVERY != 0 {
            continue;
        }
        let dinners = 1 + dice.below(3);
        let first_week = 2 + dice.below(6) as i64;
        for dinner in 0..dinners {
            let week = first_week + 3 * dinner as i64 + dice.below(2) as i64;
            let day = saturday_on_or_after((start + Duration::weeks(week)).date_naive());
            let starts_at =
                event_start(&chef.city, day, NaiveTime::from_hms_opt(19, 0, 0).unwrap())?;
            let customer = dice.pick(reviewers);
            let (kind, occasion) = *dice.pick(OCCASIONS);
            let menu: Vec<&dishes::Model> = chef
                .dishes
                .iter()
                .filter(|d| d.course != Course::Drink.code())
                .filter(|_| dice.below(3) > 0)
                .take(3)
                .collect();
            let menu = if menu.is_empty() {
                vec![&chef.dishes[0]]
            } else {
                menu
            };
            let guests = chef.min_guests.max(6 + dice.below(9) as i32);
            let form = BookingRequestForm {
                chef_id: chef.user.id,
                dish_ids: menu.iter().map(|d| d.id).collect(),
                special_diet_guests: 0,
                event: EventRequestForm {
                    kind: kind.into(),
                    starts_at,
                    duration_hours: 3.0,
                    guests: i64::from(guests),
                    city: chef.city.clone(),
                    lat: chef.latitude,
                    lng: chef.longitude,
                    budget_minor: None,
                    dietary_needs: vec![],
                    allergens: vec![],
                    notes: String::new(),
                },
                message: format!("Hello! We would love you to cook for our {occasion}."),
                expected_total_minor: None,
            };
            let booking = services.bookings.request(customer, &form).await?;
            services
                .bookings
                .accept(&chef.user, booking.id, None)
                .await?;
            let key = format!("seed-history-{}", booking.id);
            services
                .escrow
                .pay(customer, booking.id, &card, &key)
                .await?
                .outcome
                .map_err(refused)?;
            events.push(PastEvent {
                chef,
                customer,
                booking_id: booking.id,
                ends_at: starts_at + Duration::hours(3),
                dish_name: menu[0].name.clone(),
                occasion,
                guests,
            });
        }
    }
    run_due_jobs().await?;

    events.sort_by_key(|event| event.ends_at);
    let mut reviews = 0;
    for event in &events {
        // The next morning: the event is done and both sides write.
        clock
            .advance_to(event.ends_at + Duration::hours(14))
            .expect("the seed's clock is adjustable");
        run_due_jobs().await?;
        let (food, text) = customer_review(&mut dice, event);
        let stars = |spread: usize| (food as usize).saturating_sub(spread).max(3) as u8;
        services
            .threads
            .review(
                event.customer,
                event.booking_id,
                &ReviewForm {
                    food,
                    communication: stars(dice.below(2)),
                    punctuality: stars(dice.below(2)),
                    value: stars(dice.below(2)),
                    text,
                },
            )
            .await?;
        services
            .threads
            .review(
                &event.chef.user,
                event.booking_id,
                &ReviewForm {
                    food: 5,
                    communication: 5,
                    punctuality: 5 - dice.below(2) as u8,
                    value: 5,
                    text: dice.pick(HOST_REVIEWS).to_string(),
                },
            )
            .await?;
        reviews += 2;
        // Most chefs take their money out a couple of days later, once it is released.
        clock
            .advance_to(event.ends_at + Duration::days(2))
            .expect("the seed's clock is adjustable");
        run_due_jobs().await?;
        let owed = services.escrow.earnings(&event.chef.user).await?.owed_minor;
        if owed > 0 && dice.below(3) > 0 {
            let key = format!("seed-payout-{}", event.booking_id);
            services
                .escrow
                .payout(&event.chef.user, &key)
                .await?
                .outcome
                .map_err(refused)?;
        }
    }
    clock
        .advance_to(now)
        .expect("the seed's clock is adjustable");
    run_due_jobs().await?;
    Ok((events.len(), reviews))
}

/// A refusal the demo's past should never meet (a sandbox card, a released booking).
fn refused(error: domain::AppError) -> ServiceError {
    ServiceError::Conflict(FieldError::new("seed", error.message))
}

fn saturday_on_or_after(day: chrono::NaiveDate) -> chrono::NaiveDate {
    let ahead =
        (7 + Weekday::Sat.num_days_from_monday() - day.weekday().num_days_from_monday()) % 7;
    day + Duration::days(i64::from(ahead))
}

const HOST_REVIEWS: &[&str] = &[
    "Warm hosts and a well-kept kitchen. I would cook for them again any time.",
    "Clear about what they wanted, welcoming on the night. A pleasure.",
    "Lovely guests, everything ready when I arrived. Thank you!",
];

/// Stars for the food and words that name what was served.
fn customer_review(dice: &mut Dice, event: &PastEvent) -> (u8, String) {
    let chef = event
        .chef
        .user
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or("The chef");
    let dish = &event.dish_name;
    let (occasion, guests) = (event.occasion, event.guests);
    match dice.below(10) {
        0 => (
            3,
            format!("Good food — the {dish} was lovely — but dinner ran late and the kitchen needed tidying afterwards."),
        ),
        1..=3 => (
            4,
            format!("{chef} cooked for {guests} of us at our {occasion}. The {dish} was excellent; a little slow between courses."),
        ),
        4..=6 => (
            5,
            format!("We booked {chef} for a {occasion} and it was wonderful. The {dish} is still talked about in the family."),
        ),
        _ => (
            5,
            format!("Punctual, friendly and the food was superb, the {dish} above all. {chef} left the kitchen spotless."),
        ),
    }
}
