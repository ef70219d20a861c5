//! The demo's social network, so a newcomer's feed is alive: foodies with handles and bios,
//! a follow graph where a few chefs are followed by many (as in life), posts over the last
//! ten days — chefs showing a dish with a painted photo, foodies sharing what they cooked —
//! with likes and comments. Written through the services (photos through the media
//! pipeline, counts and notifications as for anyone), on a clock moved through those days.
//! Deterministic, and skipped when the demo already has posts.

use chrono::{DateTime, Duration, Utc};
use domain::{
    account::{CurrentUser, Role},
    catalog::Course,
    social::text::tag_of,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use super::{demo_account, pictures, Dice, DEMO_CUSTOMER_EMAIL, DEMO_EMAIL_DOMAIN};
use crate::{
    clock::Clock,
    deps::Deps,
    entities::{chef_profiles, dishes, follows, posts, users},
    social::{handles::assign_handle, posts::NewPost, posts::PhotoUpload},
    ServiceError, Services,
};

/// Demo chefs who post (the first ones, so the most followed post too).
const POSTING_CHEFS: usize = 40;
const FOODIES: usize = 24;
const DAYS_OF_POSTS: i64 = 10;
const PHOTO_SIZE: (u32, u32) = (960, 720);

/// A chef's dish to show in a post: its id, course, ingredients (for the picture), name and
/// the chef's cuisine as a tag.
type ShownDish = (i64, Course, Vec<String>, String, String);

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SocialReport {
    pub people: usize,
    pub follows: usize,
    pub posts: usize,
    pub likes: usize,
    pub comments: usize,
}

const FIRST_NAMES: &[&str] = &[
    "Inês", "Tomás", "Léa", "Marco", "Aoife", "Jonas", "Sofia", "Kenji", "Amara", "Pablo", "Nora",
    "Ravi", "Elif", "Hugo", "Maja", "Diego",
];
const LAST_NAMES: &[&str] = &[
    "Moreau", "Oliveira", "Rossi", "Byrne", "Keller", "Tanaka", "Okafor", "Navarro", "Lind",
    "Sharma", "Yilmaz", "Dubois",
];
const BIOS: &[&str] = &[
    "Home cook, bread obsessive, occasional dinner-party host.",
    "I eat my way through every city I visit.",
    "Weekend baker. Weekday noodle slurper.",
    "Learning to cook my grandmother's recipes, one disaster at a time.",
    "Hosting supper clubs for friends since 2019.",
    "Vegetables first, always.",
];
/// What foodies post: words with their tags; `{chef}` becomes a chef's @handle.
const FOODIE_POSTS: &[&str] = &[
    "Third try at #sourdough and finally an open crumb. The trick was a colder, longer proof.",
    "Sunday #ramen: twelve hours of tonkotsu broth and worth every minute.",
    "Booked {chef} for my mum's 60th and the lamb is still the talk of the family. #birthday",
    "Farmers' market haul turned into a #vegetarian feast: charred leeks, romesco, white beans.",
    "Does anyone else put miso in their #brunch eggs? Changed my life.",
    "First time making fresh #pasta without a machine. Uneven, delicious, no regrets.",
    "Tried the #paella recipe {chef} shared and the socarrat came out perfect.",
    "Rainy evening, #curry from scratch, whole spices toasted in ghee. Kitchen smells incredible.",
    "Small win: my #kimchi finally tastes sour enough after five days.",
    "Hosted eight people for #tapas night. Patatas bravas disappeared first, as always.",
    "#dessert experiment: olive oil cake with blood orange. Keeping this one.",
    "Grilled sardines on the balcony, lemon and sea salt. Summer in December. #seafood",
];
const COMMENTS: &[&str] = &[
    "This looks incredible!",
    "Recipe please?",
    "Saving this for the weekend.",
    "How long did it take?",
    "Now I'm hungry.",
    "The colours on that plate!",
    "We did the same last week, so good.",
    "Adding this to my list.",
];

/// Seeds the demo's network as of `now` unless the demo already has posts.
pub async fn seed_demo_social(
    deps: &Deps,
    now: DateTime<Utc>,
) -> Result<SocialReport, ServiceError> {
    let demo_posts = posts::Entity::find().count(&deps.db).await?;
    if demo_posts > 0 {
        return Ok(SocialReport::default());
    }
    let mut report = SocialReport::default();
    let mut dice = Dice(20_261_206);
    let foodies = foodie_accounts(deps, now, &mut report).await?;
    let chefs = posting_chefs(deps).await?;
    report.follows = follow_graph(deps, &foodies, &chefs, now, &mut dice).await?;

    // Posts are written across the last days, oldest first, each by the services on a clock
    // set to its moment; likes and comments come an hour or two after.
    let start = now - Duration::days(DAYS_OF_POSTS);
    let clock = Clock::adjustable_from(start);
    let services = Services::new(deps.clone()).with_clock(clock.clone());
    let mut plan: Vec<(CurrentUser, Option<ShownDish>)> = Vec::new();
    for (chef, dish) in &chefs {
        plan.push((chef.clone(), dish.clone()));
    }
    for foodie in &foodies {
        plan.push((foodie.clone(), None));
        plan.push((foodie.clone(), None));
    }
    // Interleaved, so no one person fills a day.
    for i in (1..plan.len()).rev() {
        plan.swap(i, dice.below(i + 1));
    }
    let step = Duration::minutes(DAYS_OF_POSTS * 24 * 60 / plan.len().max(1) as i64);
    let chef_handles: Vec<String> = handles(deps, chefs.iter().map(|(c, _)| c.id)).await?;
    for (n, (author, dish)) in plan.into_iter().enumerate() {
        clock
            .advance_to(start + step * n as i32)
            .map_err(|e| ServiceError::Config(format!("demo clock: {e}")))?;
        let post = match dish {
            Some((dish_id, course, ingredients, name, cuisine)) => {
                let painted = tokio::task::spawn_blocking(move || {
                    let mut dice = Dice(dish_id as u64);
                    let ingredients: Vec<&str> = ingredients.iter().map(String::as_str).collect();
                    pictures::plated_dish(course, &ingredients, &mut dice, PHOTO_SIZE)
                })
                .await
                .map_err(|e| {
                    ServiceError::Storage(format!("painting a demo photo stopped: {e}"))
                })?;
                NewPost {
                    text: format!(
                        "{name}, plated for tonight's guests. {} #{cuisine}",
                        course_words(course),
                    ),
                    photos: vec![PhotoUpload {
                        bytes: painted.into(),
                        alt: format!("{name} on a plate"),
                    }],
                    dish_id: Some(dish_id),
                    booking_id: None,
                }
            }
            None => {
                let words = dice.pick(FOODIE_POSTS);
                NewPost {
                    text: words.replace(
                        "{chef}",
                        &format!("@{}", dice.pick(&chef_handles[..8.min(chef_handles.len())])),
                    ),
                    photos: Vec::new(),
                    dish_id: None,
                    booking_id: None,
                }
            }
        };
        let written = services.posts.create(&author, post).await?;
        report.posts += 1;
        // Popularity falls off steeply: most posts get a few likes, some many.
        let popularity = 1 + dice.below(6);
        let likers = dice.below(1 + FOODIES / popularity);
        for liker in foodies.iter().skip(dice.below(FOODIES)).take(likers) {
            if liker.id != author.id {
                services.reactions.like(liker, written.id).await?;
                report.likes += 1;
            }
        }
        for _ in 0..dice.below(4) {
            let commenter = dice.pick(&foodies);
            let said = COMMENTS[dice.below(COMMENTS.len())];
            if commenter.id != author.id {
                services
                    .comments
                    .add(commenter, written.id, None, said)
                    .await?;
                report.comments += 1;
            }
        }
    }
    tracing::info!(?report, "demo social network seeded");
    Ok(report)
}

fn course_words(course: Course) -> &'static str {
    match course {
        Course::Starter => "A light start before the mains.",
        Course::Main => "The heart of the menu.",
        Course::Dessert => "Something sweet to finish.",
        _ => "From this week's menu.",
    }
}

async fn foodie_accounts(
    deps: &Deps,
    now: DateTime<Utc>,
    report: &mut SocialReport,
) -> Result<Vec<CurrentUser>, ServiceError> {
    let password_hash = crate::accounts::hash_password(domain::account::NewPassword::parse(
        super::DEMO_PASSWORD,
        None,
    )?)
    .await?;
    let mut foodies = Vec::new();
    for n in 0..FOODIES {
        let email = format!("foodie{}@{DEMO_EMAIL_DOMAIN}", n + 1);
        let name = format!(
            "{} {}",
            FIRST_NAMES[n % FIRST_NAMES.len()],
            LAST_NAMES[(n * 5 + 3) % LAST_NAMES.len()]
        );
        let existing = users::Entity::find()
            .filter(users::Column::Email.eq(&email))
            .one(&deps.db)
            .await?;
        let id = match existing {
            Some(user) => user.id,
            None => {
                let mut account = demo_account(&email, &name, "customer", &password_hash, now);
                account.bio = Set(BIOS[n % BIOS.len()].to_owned());
                let id = users::Entity::insert(account)
                    .exec(&deps.db)
                    .await?
                    .last_insert_id;
                assign_handle(&deps.db, id, &name).await?;
                report.people += 1;
                id
            }
        };
        foodies.push(CurrentUser {
            id,
            email,
            display_name: name,
            role: Role::Customer,
        });
    }
    Ok(foodies)
}

/// The first demo chefs, each with one of their dishes (not a drink) to show.
async fn posting_chefs(deps: &Deps) -> Result<Vec<(CurrentUser, Option<ShownDish>)>, ServiceError> {
    let chefs = users::Entity::find()
        .filter(users::Column::Email.ends_with(format!("@{DEMO_EMAIL_DOMAIN}")))
        .filter(users::Column::Role.eq(Role::Chef.as_str()))
        .order_by_asc(users::Column::Id)
        .all(&deps.db)
        .await?;
    let mut posting = Vec::new();
    for chef in chefs.into_iter().take(POSTING_CHEFS) {
        let cuisine = chef_profiles::Entity::find_by_id(chef.id)
            .one(&deps.db)
            .await?
            .and_then(|profile| profile.cuisines.0.first().and_then(|c| tag_of(c)))
            .unwrap_or_else(|| "privatechef".to_owned());
        let dish = dishes::Entity::find()
            .filter(dishes::Column::ChefId.eq(chef.id))
            .order_by_asc(dishes::Column::Id)
            .all(&deps.db)
            .await?
            .into_iter()
            .find_map(|d| {
                let course = Course::parse(&d.course).filter(|c| *c != Course::Drink)?;
                Some((
                    d.id,
                    course,
                    d.ingredients.0.clone(),
                    d.name,
                    cuisine.clone(),
                ))
            });
        posting.push((
            CurrentUser {
                id: chef.id,
                email: chef.email,
                display_name: chef.display_name,
                role: Role::Chef,
            },
            dish,
        ));
    }
    Ok(posting)
}

/// Every foodie follows a few chefs — the first ones far more often — and a few foodies;
/// the demo guest follows some of both. Written directly: a seed's follows tell nobody.
async fn follow_graph(
    deps: &Deps,
    foodies: &[CurrentUser],
    chefs: &[(CurrentUser, Option<ShownDish>)],
    now: DateTime<Utc>,
    dice: &mut Dice,
) -> Result<usize, ServiceError> {
    let mut pairs = std::collections::BTreeSet::new();
    let guest = users::Entity::find()
        .filter(users::Column::Email.eq(DEMO_CUSTOMER_EMAIL))
        .one(&deps.db)
        .await?;
    // The guest a newcomer logs in as follows more, so their Following feed is full.
    let followers: Vec<(i64, usize)> = foodies
        .iter()
        .map(|f| (f.id, 1))
        .chain(guest.map(|g| (g.id, 3)))
        .collect();
    for &(follower, keenness) in &followers {
        for _ in 0..6 * keenness {
            // The square skews towards the first chefs: a power law in small.
            let roll = dice.below(chefs.len().max(1));
            let chef = roll * roll / chefs.len().max(1);
            pairs.insert((follower, chefs[chef].0.id));
        }
        for _ in 0..4 * keenness {
            let other = dice.pick(foodies).id;
            if other != follower {
                pairs.insert((follower, other));
            }
        }
    }
    let rows: Vec<follows::ActiveModel> = pairs
        .iter()
        .map(|(follower, followee)| follows::ActiveModel {
            follower_id: Set(*follower),
            followee_id: Set(*followee),
            created_at: Set(now - Duration::days(DAYS_OF_POSTS + 1)),
        })
        .collect();
    let count = rows.len();
    follows::Entity::insert_many(rows)
        .exec_without_returning(&deps.db)
        .await?;
    Ok(count)
}

async fn handles(deps: &Deps, ids: impl Iterator<Item = i64>) -> Result<Vec<String>, ServiceError> {
    let ids: Vec<i64> = ids.collect();
    let found = users::Entity::find()
        .filter(users::Column::Id.is_in(ids.clone()))
        .all(&deps.db)
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.iter().find(|u| u.id == *id)?.handle.clone())
        .collect())
}
