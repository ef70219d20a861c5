//! Demo data, so a newcomer's first `make run` shows a living site: 224 chefs across the
//! cities of [`domain::places::CITIES`], each with education, languages, a certificate,
//! dishes, a menu, weekly hours and a holiday on the calendar, and one customer account to
//! log in with. Deterministic (same data on every machine) and idempotent (a second run adds nothing).

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use domain::{
    account::NewPassword,
    availability::BlockKind,
    catalog::{Allergen, Course, DietaryFlag},
    chef_profile::{Certification, EducationEntry, EducationLevel, LanguageSkill, Proficiency},
    places::CITIES,
};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};

use crate::{
    accounts::hash_password,
    calendar::local_midnight,
    entities::{
        calendar_blocks, chef_profiles, dishes, menu_dishes, menus, users, weekly_hours,
        Certifications, EducationEntries, LanguageSkills, StringList,
    },
    social::handles::assign_handle,
    ServiceError,
};

mod history;
mod knowledge;
mod pictures;
mod social;

pub use history::{seed_demo_history, seed_demo_history_in, HistoryReport};
pub use knowledge::{seed_demo_knowledge, KnowledgeReport};
pub use social::{seed_demo_social, SocialReport};

pub const CHEFS_PER_CITY: usize = 16;
pub const DEMO_EMAIL_DOMAIN: &str = "demo.chefgalaxy.test";
pub const DEMO_CUSTOMER_EMAIL: &str = "guest@demo.chefgalaxy.test";
/// Sees `/admin` (dead jobs, the email outbox) in development.
pub const DEMO_ADMIN_EMAIL: &str = "admin@demo.chefgalaxy.test";
/// Shown in the README: every demo account logs in with it.
pub const DEMO_PASSWORD: &str = "taste-the-galaxy-2026";

#[derive(Debug, PartialEq, Eq)]
pub struct SeedReport {
    pub chefs_created: usize,
    pub dishes_created: usize,
}

/// Demo data as of `now`: holidays and ranks are placed relative to it.
pub async fn seed_demo_data(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<SeedReport, ServiceError> {
    let password = NewPassword::parse(DEMO_PASSWORD, None)?;
    let password_hash = hash_password(password).await?;
    let txn = db.begin().await?;

    let existing: std::collections::HashSet<String> = users::Entity::find()
        .filter(users::Column::Email.ends_with(format!("@{DEMO_EMAIL_DOMAIN}")))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();

    for (email, name, role) in [
        (DEMO_CUSTOMER_EMAIL, "Guest Foodie", "customer"),
        (DEMO_ADMIN_EMAIL, "Demo Admin", "admin"),
    ] {
        if existing.contains(email) {
            continue;
        }
        let user = users::Entity::insert(demo_account(email, name, role, &password_hash, now))
            .exec(&txn)
            .await?;
        assign_handle(&txn, user.last_insert_id, name).await?;
    }

    let mut report = SeedReport {
        chefs_created: 0,
        dishes_created: 0,
    };
    for chef in demo_chefs(now.year()) {
        if existing.contains(&chef.email) {
            continue;
        }
        let account = demo_account(&chef.email, &chef.display_name, "chef", &password_hash, now);
        let user = users::Entity::insert(account).exec(&txn).await?;
        let chef_id = user.last_insert_id;
        assign_handle(&txn, chef_id, &chef.display_name).await?;
        chef_profiles::Entity::insert(chef_profiles::ActiveModel {
            user_id: Set(chef_id),
            headline: Set(chef.headline),
            bio: Set(chef.bio),
            years_experience: Set(chef.years_experience),
            education_entries: Set(EducationEntries(chef.education.clone())),
            certifications: Set(Certifications(chef.certifications.clone())),
            languages: Set(LanguageSkills(chef.languages.clone())),
            min_guests: Set(chef.guests.0),
            max_guests: Set(chef.guests.1),
            cuisines: Set(StringList(vec![chef.cuisine.name.to_owned()])),
            city: Set(chef.city.to_owned()),
            latitude: Set(chef.lat),
            longitude: Set(chef.lng),
            service_radius_km: Set(chef.service_radius_km),
            base_rate_minor: Set(chef.base_rate_minor),
            currency: Set(chef.currency.to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let rows: Vec<_> = chef
            .dishes
            .iter()
            .map(|d| dishes::ActiveModel {
                id: NotSet,
                chef_id: Set(chef_id),
                name: Set(d.name.to_owned()),
                description: Set(d.description.to_owned()),
                course: Set(d.course.code().to_owned()),
                ingredients: Set(d.ingredients.iter().copied().collect()),
                organic: Set(d.organic),
                dietary: Set(d.dietary.iter().map(|f| f.code()).collect()),
                allergens: Set(d.allergens.iter().map(|a| a.code()).collect()),
                price_per_guest_minor: Set(d.price_minor + chef.price_premium_minor),
                currency: Set(chef.currency.to_owned()),
                min_guests: Set(2),
                prep_minutes: Set(typical_prep_minutes(d.course)),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .collect();
        report.dishes_created += rows.len();
        dishes::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        seed_menu(&txn, chef_id, chef.cuisine.name, now).await?;
        weekly_hours::Entity::insert_many(chef.working_days.iter().map(|weekday| {
            weekly_hours::ActiveModel {
                chef_id: Set(chef_id),
                weekday: Set(*weekday),
                starts_minute: Set(chef.shift.0),
                ends_minute: Set(chef.shift.1),
                ..Default::default()
            }
        }))
        .exec_without_returning(&txn)
        .await?;
        // A week off, whole days in the chef's own time zone.
        let tz = domain::places::time_zone_of(chef.city);
        let first_day = (now + Duration::days(chef.holiday_in_days)).date_naive();
        calendar_blocks::Entity::insert(calendar_blocks::ActiveModel {
            chef_id: Set(chef_id),
            kind: Set(BlockKind::Blocked.code().to_owned()),
            starts_at: Set(local_midnight(tz, first_day)),
            ends_at: Set(local_midnight(tz, first_day + Duration::days(7))),
            reason: Set("Holiday".to_owned()),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
        report.chefs_created += 1;
    }
    // Ranked now, so the demo's "Top ranked" sort works before the first nightly run (the
    // search index is rebuilt after seeding).
    for chef in chef_profiles::Entity::find().all(&txn).await? {
        crate::ranks::store_rank(&txn, chef.user_id, "seed", now).await?;
    }
    txn.commit().await?;
    let total = chef_profiles::Entity::find().count(db).await?;
    tracing::info!(?report, total_chefs = total, "demo data seeded");
    Ok(report)
}

/// A demo login: every one shares [`DEMO_PASSWORD`].
fn demo_account(
    email: &str,
    name: &str,
    role: &str,
    password_hash: &str,
    created_at: DateTime<Utc>,
) -> users::ActiveModel {
    users::ActiveModel {
        id: NotSet,
        email: Set(email.to_owned()),
        display_name: Set(name.to_owned()),
        role: Set(role.to_owned()),
        password_hash: Set(password_hash.to_owned()),
        created_at: Set(created_at),
        updated_at: Set(created_at),
        suspended_at: Set(None),
        suspension_reason: Set(None),
        // Given by `assign_handle` once the account has its id.
        handle: Set(None),
        bio: Set(String::new()),
    }
}

/// A tasting menu of the chef's first starter, main and dessert, a little cheaper than the
/// dishes one by one.
async fn seed_menu(
    txn: &sea_orm::DatabaseTransaction,
    chef_id: i64,
    cuisine: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let dish_rows = dishes::Entity::find()
        .filter(dishes::Column::ChefId.eq(chef_id))
        .all(txn)
        .await?;
    let courses = [Course::Starter, Course::Main, Course::Dessert];
    let chosen: Vec<&dishes::Model> = courses
        .iter()
        .filter_map(|course| dish_rows.iter().find(|d| d.course == course.code()))
        .collect();
    if chosen.is_empty() {
        return Ok(());
    }
    let one_by_one: i64 = chosen.iter().map(|d| d.price_per_guest_minor).sum();
    let menu = menus::Entity::insert(menus::ActiveModel {
        chef_id: Set(chef_id),
        name: Set(format!("{cuisine} tasting menu")),
        description: Set("Three courses, served family-style or plated.".to_owned()),
        price_per_guest_minor: Set(Some(one_by_one * 9 / 10)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    menu_dishes::Entity::insert_many(chosen.iter().enumerate().map(|(position, dish)| {
        menu_dishes::ActiveModel {
            menu_id: Set(menu.last_insert_id),
            dish_id: Set(dish.id),
            position: Set(position as i32),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

struct DemoChef {
    email: String,
    display_name: String,
    headline: String,
    bio: String,
    years_experience: i32,
    education: Vec<EducationEntry>,
    certifications: Vec<Certification>,
    languages: Vec<LanguageSkill>,
    guests: (i32, i32),
    working_days: Vec<i16>,
    shift: (i16, i16),
    holiday_in_days: i64,
    cuisine: &'static Cuisine,
    city: &'static str,
    lat: f64,
    lng: f64,
    service_radius_km: i32,
    base_rate_minor: i64,
    price_premium_minor: i64,
    currency: &'static str,
    dishes: Vec<&'static DemoDish>,
}

/// A small deterministic generator (SplitMix64): the same demo data everywhere, no seed files.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A uniform value in [-1, 1).
    fn signed_unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

fn demo_chefs(this_year: i32) -> Vec<DemoChef> {
    let mut dice = Dice(2026);
    let mut chefs = Vec::new();
    for city in CITIES {
        for n in 0..CHEFS_PER_CITY {
            let first = *dice.pick(FIRST_NAMES);
            let last = *dice.pick(LAST_NAMES);
            let cuisine = dice.pick(CUISINES);
            let occasion = *dice.pick(OCCASIONS);
            let (level, institution) = *dice.pick(EDUCATION);
            let years_experience = 1 + dice.below(25) as i32;
            let education = vec![EducationEntry {
                level,
                institution: institution.to_owned(),
                year: this_year - years_experience - dice.below(3) as i32,
            }];
            let native = *dice.pick(LANGUAGES);
            let mut languages = vec![LanguageSkill {
                language: native.to_owned(),
                proficiency: Proficiency::Native,
            }];
            if native != "English" {
                languages.push(LanguageSkill {
                    language: "English".to_owned(),
                    proficiency: *dice.pick(&[
                        Proficiency::B1,
                        Proficiency::B2,
                        Proficiency::C1,
                        Proficiency::C2,
                    ]),
                });
            }
            let certifications = vec![Certification {
                name: "Food hygiene and safety, level 2".to_owned(),
                issuer: format!("Food safety authority, {}", city.country),
                expires_on: NaiveDate::from_ymd_opt(
                    this_year + 1 + dice.below(3) as i32,
                    1 + dice.below(12) as u32,
                    1,
                ),
            }];
            let min_guests = 2 + 2 * dice.below(5) as i32;
            let max_guests = 20 + 10 * dice.below(14) as i32;
            // Most chefs work Tuesday to Sunday; a few take every day.
            let working_days = if dice.below(4) == 0 {
                (1..=7).collect()
            } else {
                (2..=7).collect()
            };
            let shift = (60 * (10 + dice.below(4) as i16), 60 * 23);
            let holiday_in_days = 20 + dice.below(60) as i64;
            let mut menu: Vec<&DemoDish> = cuisine.dishes.iter().collect();
            menu.extend(DISHES_ANY_CUISINE.iter().filter(|_| dice.below(2) == 0));
            let slug = city.name.to_lowercase().replace(' ', "-");
            chefs.push(DemoChef {
                email: format!("chef-{slug}-{:02}@{DEMO_EMAIL_DOMAIN}", n + 1),
                display_name: format!("{first} {last}"),
                headline: format!("{} private chef for {occasion}", cuisine.name),
                bio: format!(
                    "{first} has cooked {} food for {years_experience} years, from busy \
                     restaurant kitchens to family tables around {}. {}",
                    cuisine.name.to_lowercase(),
                    city.name,
                    cuisine.pitch
                ),
                years_experience,
                education,
                certifications,
                languages,
                guests: (min_guests, max_guests),
                working_days,
                shift,
                holiday_in_days,
                cuisine,
                city: city.name,
                // Spread chefs over the city and its suburbs, about ±8 km.
                lat: city.lat + dice.signed_unit() * 0.07,
                lng: city.lng + dice.signed_unit() * 0.10,
                service_radius_km: 10 + 5 * dice.below(9) as i32,
                base_rate_minor: 3_000
                    + 500 * dice.below(13) as i64
                    + 150 * years_experience as i64,
                price_premium_minor: 50 * dice.below(11) as i64,
                currency: city.currency.code(),
                dishes: menu,
            });
        }
    }
    chefs
}

struct Cuisine {
    name: &'static str,
    pitch: &'static str,
    dishes: &'static [DemoDish],
}

/// Demo dishes take the usual hands-on time for their course.
fn typical_prep_minutes(course: Course) -> i32 {
    match course {
        Course::Canape => 20,
        Course::Starter => 25,
        Course::Main => 45,
        Course::Side => 15,
        Course::Dessert => 35,
        Course::Drink => 5,
    }
}

struct DemoDish {
    name: &'static str,
    description: &'static str,
    course: Course,
    ingredients: &'static [&'static str],
    organic: bool,
    dietary: &'static [DietaryFlag],
    allergens: &'static [Allergen],
    price_minor: i64,
}

// One row of the demo menu tables below, read positionally like a table.
#[allow(clippy::too_many_arguments)]
const fn dish(
    name: &'static str,
    description: &'static str,
    course: Course,
    ingredients: &'static [&'static str],
    organic: bool,
    dietary: &'static [DietaryFlag],
    allergens: &'static [Allergen],
    price_minor: i64,
) -> DemoDish {
    DemoDish {
        name,
        description,
        course,
        ingredients,
        organic,
        dietary,
        allergens,
        price_minor,
    }
}

use Allergen as A;
use Course as C;
use DietaryFlag as D;

// Tables, one row per line: kept as laid out by hand.
#[rustfmt::skip]
const CUISINES: &[Cuisine] = &[
    Cuisine {
        name: "Italian",
        pitch: "Fresh pasta is rolled by hand on the day of your event.",
        dishes: &[
            dish("Burrata with heirloom tomatoes", "Creamy burrata, basil oil, sea salt.", C::Starter, &["burrata", "tomatoes", "basil", "olive oil"], true, &[D::Vegetarian, D::GlutenFree], &[A::Milk], 1200),
            dish("Wild mushroom risotto", "Carnaroli rice, porcini, aged parmesan.", C::Main, &["carnaroli rice", "porcini", "parmesan", "butter", "white wine"], false, &[D::Vegetarian, D::GlutenFree], &[A::Milk, A::Sulphites], 2200),
            dish("Tagliatelle al ragù", "Hand-cut egg pasta, slow-cooked beef ragù.", C::Main, &["flour", "eggs", "beef", "tomatoes", "carrot", "celery"], false, &[], &[A::CerealsWithGluten, A::Eggs, A::Celery], 2400),
            dish("Tiramisù", "Mascarpone, espresso, cocoa.", C::Dessert, &["mascarpone", "eggs", "ladyfingers", "espresso", "cocoa"], false, &[D::Vegetarian], &[A::Milk, A::Eggs, A::CerealsWithGluten], 900),
        ],
    },
    Cuisine {
        name: "French",
        pitch: "Classic technique, seasonal produce from the market that morning.",
        dishes: &[
            dish("French onion soup", "Slow-caramelised onions, gruyère crouton.", C::Starter, &["onions", "beef stock", "gruyère", "baguette"], false, &[], &[A::Milk, A::CerealsWithGluten, A::Celery], 1100),
            dish("Boeuf bourguignon", "Beef braised in red Burgundy with lardons and mushrooms.", C::Main, &["beef", "red wine", "lardons", "mushrooms", "carrots"], false, &[D::GlutenFree, D::DairyFree], &[A::Sulphites, A::Celery], 2800),
            dish("Ratatouille provençale", "Slow-baked summer vegetables, thyme.", C::Main, &["aubergine", "courgette", "peppers", "tomatoes", "thyme"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree], &[], 1900),
            dish("Crème brûlée", "Vanilla custard, burnt sugar crust.", C::Dessert, &["cream", "egg yolks", "vanilla", "sugar"], false, &[D::Vegetarian, D::GlutenFree], &[A::Milk, A::Eggs], 950),
        ],
    },
    Cuisine {
        name: "Japanese",
        pitch: "Sushi rice seasoned to order and fish from trusted suppliers.",
        dishes: &[
            dish("Edamame with sea salt", "Steamed young soybeans.", C::Starter, &["edamame", "sea salt"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree], &[A::Soybeans], 600),
            dish("Salmon and tuna nigiri", "Twelve pieces, hand-pressed.", C::Main, &["sushi rice", "salmon", "tuna", "rice vinegar", "wasabi", "soy sauce"], false, &[D::DairyFree], &[A::Fish, A::Soybeans, A::CerealsWithGluten], 3200),
            dish("Vegetable tempura", "Seasonal vegetables in a light batter.", C::Side, &["sweet potato", "aubergine", "shiso", "flour", "sesame oil"], false, &[D::Vegan, D::Vegetarian, D::DairyFree], &[A::CerealsWithGluten, A::Sesame], 1300),
            dish("Matcha panna cotta", "Silky green tea cream, black sesame.", C::Dessert, &["cream", "matcha", "gelatine", "black sesame"], false, &[D::GlutenFree], &[A::Milk, A::Sesame], 1000),
        ],
    },
    Cuisine {
        name: "Indian",
        pitch: "Spices toasted and ground fresh for every menu.",
        dishes: &[
            dish("Vegetable samosas", "Crisp pastry, spiced potato and peas, tamarind chutney.", C::Starter, &["flour", "potatoes", "peas", "cumin", "tamarind"], false, &[D::Vegan, D::Vegetarian, D::DairyFree, D::Halal], &[A::CerealsWithGluten], 800),
            dish("Butter chicken", "Tandoori chicken in a tomato and butter sauce.", C::Main, &["chicken", "tomatoes", "butter", "cream", "garam masala"], false, &[D::GlutenFree, D::Halal], &[A::Milk], 2300),
            dish("Chana masala", "Chickpeas slow-cooked with onion, ginger and spices.", C::Main, &["chickpeas", "onion", "ginger", "tomatoes", "coriander"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree, D::Halal, D::Kosher], &[], 1700),
            dish("Mango kulfi", "Frozen cardamom and mango cream, pistachios.", C::Dessert, &["mango", "milk", "cardamom", "pistachios"], false, &[D::Vegetarian, D::GlutenFree], &[A::Milk, A::TreeNuts], 850),
        ],
    },
    Cuisine {
        name: "Mediterranean",
        pitch: "Olive oil, herbs and the grill: food made for long tables.",
        dishes: &[
            dish("Mezze platter", "Hummus, baba ganoush, tabbouleh, warm pita.", C::Starter, &["chickpeas", "tahini", "aubergine", "bulgur", "parsley", "pita"], true, &[D::Vegan, D::Vegetarian, D::DairyFree, D::Halal, D::Kosher], &[A::Sesame, A::CerealsWithGluten], 1400),
            dish("Grilled sea bass", "Whole fish, lemon, capers, charred greens.", C::Main, &["sea bass", "lemon", "capers", "olive oil"], false, &[D::GlutenFree, D::DairyFree, D::Kosher], &[A::Fish], 3000),
            dish("Lamb kofta", "Spiced lamb skewers, yoghurt and mint.", C::Main, &["lamb", "cumin", "yoghurt", "mint"], false, &[D::GlutenFree, D::Halal], &[A::Milk], 2500),
            dish("Baklava", "Filo, walnuts, pistachios, honey syrup.", C::Dessert, &["filo", "walnuts", "pistachios", "honey", "butter"], false, &[D::Vegetarian], &[A::CerealsWithGluten, A::TreeNuts, A::Milk], 900),
        ],
    },
    Cuisine {
        name: "Mexican",
        pitch: "Tortillas pressed from nixtamal corn, salsas from scratch.",
        dishes: &[
            dish("Guacamole and totopos", "Avocado, lime, chilli, fresh corn chips.", C::Starter, &["avocado", "lime", "chilli", "corn tortillas"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree], &[], 900),
            dish("Tacos al pastor", "Marinated pork, pineapple, onion, coriander.", C::Main, &["pork", "pineapple", "achiote", "corn tortillas"], false, &[D::GlutenFree, D::DairyFree], &[], 2000),
            dish("Mole poblano enchiladas", "Chicken enchiladas in a rich chocolate-chilli mole.", C::Main, &["chicken", "chillies", "chocolate", "sesame", "almonds"], false, &[D::GlutenFree], &[A::Sesame, A::TreeNuts, A::Milk], 2400),
            dish("Churros with chocolate", "Cinnamon sugar, dark chocolate dip.", C::Dessert, &["flour", "cinnamon", "sugar", "dark chocolate"], false, &[D::Vegetarian], &[A::CerealsWithGluten, A::Milk], 800),
        ],
    },
    Cuisine {
        name: "Plant-based",
        pitch: "Everything vegan, nothing missing.",
        dishes: &[
            dish("Beetroot carpaccio", "Roasted beetroot, walnut crumble, dill.", C::Starter, &["beetroot", "walnuts", "dill", "lemon"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree, D::Kosher], &[A::TreeNuts], 1000),
            dish("Cauliflower steak", "Charred cauliflower, romesco, capers.", C::Main, &["cauliflower", "red peppers", "almonds", "capers"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree, D::Halal, D::Kosher], &[A::TreeNuts], 1900),
            dish("Lentil shepherd's pie", "Green lentils, root vegetables, mash.", C::Main, &["lentils", "carrots", "celery", "potatoes"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree], &[A::Celery], 1700),
            dish("Dark chocolate mousse", "Aquafaba mousse, sea salt, olive oil.", C::Dessert, &["dark chocolate", "aquafaba", "olive oil"], false, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree], &[], 900),
        ],
    },
    Cuisine {
        name: "Portuguese",
        pitch: "Atlantic fish and the pastries of Belém.",
        dishes: &[
            dish("Caldo verde", "Kale and potato soup, chouriço.", C::Starter, &["kale", "potatoes", "chouriço", "olive oil"], false, &[D::GlutenFree, D::DairyFree], &[], 800),
            dish("Bacalhau à Brás", "Salt cod, straw potatoes, egg, olives.", C::Main, &["salt cod", "potatoes", "eggs", "olives"], false, &[D::GlutenFree, D::DairyFree], &[A::Fish, A::Eggs], 2200),
            dish("Cataplana de marisco", "Seafood stew with clams and prawns.", C::Main, &["clams", "prawns", "tomatoes", "white wine"], false, &[D::GlutenFree, D::DairyFree], &[A::Crustaceans, A::Molluscs, A::Sulphites], 3100),
            dish("Pastéis de nata", "Custard tarts, cinnamon.", C::Dessert, &["puff pastry", "eggs", "milk", "cinnamon"], false, &[D::Vegetarian], &[A::CerealsWithGluten, A::Eggs, A::Milk], 700),
        ],
    },
];

#[rustfmt::skip]
const DISHES_ANY_CUISINE: &[DemoDish] = &[
    dish("Garden salad", "Leaves from the market, mustard vinaigrette.", C::Side, &["lettuce", "radish", "mustard", "olive oil"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree, D::Halal, D::Kosher], &[A::Mustard], 600),
    dish("Seasonal fruit sorbet", "Churned on site.", C::Dessert, &["seasonal fruit", "sugar"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree, D::Halal, D::Kosher], &[], 650),
    dish("House lemonade", "Lemons, mint, sparkling water.", C::Drink, &["lemons", "mint", "sugar"], true, &[D::Vegan, D::Vegetarian, D::GlutenFree, D::DairyFree, D::Halal, D::Kosher], &[], 400),
];

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Amélie", "Marco", "Yuki", "Priya", "Lucía", "Jonas", "Inês", "Omar", "Chloé", "Luca",
    "Sofia", "Mateo", "Hana", "Arjun", "Elena", "Noah", "Leila", "Tomás", "Clara", "Ravi",
    "Greta", "Diego", "Aisha", "Finn", "Marta", "Kenji", "Nora", "Hugo", "Zara", "Pablo",
];
#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Dubois", "Rossi", "Tanaka", "Sharma", "García", "Müller", "Silva", "Haddad", "Laurent",
    "Bianchi", "Kowalski", "Fernández", "Sato", "Patel", "Novak", "O'Brien", "Jansen",
    "Costa", "Moreau", "Schmidt", "Lopez", "Ricci", "Nakamura", "Mendes", "Andersen",
];
#[rustfmt::skip]
const LANGUAGES: &[&str] = &["French", "Italian", "German", "Spanish", "Portuguese", "Japanese", "Hindi", "Arabic", "Dutch", "English"];
#[rustfmt::skip]
const OCCASIONS: &[&str] = &["weddings", "birthdays", "dinner parties", "corporate events", "family celebrations", "intimate dinners"];
#[rustfmt::skip]
const EDUCATION: &[(EducationLevel, &str)] = &[
    (EducationLevel::Diploma, "Le Cordon Bleu"),
    (EducationLevel::Certificate, "City & Guilds Professional Cookery"),
    (EducationLevel::Degree, "University of Gastronomic Sciences, Pollenzo"),
    (EducationLevel::Certificate, "Apprenticeship in a Michelin-starred kitchen"),
    (EducationLevel::Master, "Basque Culinary Center"),
    (EducationLevel::None, "Self-taught in restaurant kitchens"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_chefs_cover_every_city_with_unique_emails() {
        let chefs = demo_chefs(2026);
        assert_eq!(chefs.len(), CITIES.len() * CHEFS_PER_CITY);
        assert!(chefs.len() >= 200);
        let emails: std::collections::HashSet<_> = chefs.iter().map(|c| &c.email).collect();
        assert_eq!(emails.len(), chefs.len());
    }

    #[test]
    fn demo_chefs_are_the_same_on_every_run() {
        let names = |chefs: Vec<DemoChef>| {
            chefs
                .into_iter()
                .map(|c| c.display_name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(demo_chefs(2026)), names(demo_chefs(2026)));
    }

    #[test]
    fn every_demo_chef_has_dishes_and_a_place_near_their_city() {
        for chef in demo_chefs(2026) {
            assert!(chef.dishes.len() >= 4, "{} has too few dishes", chef.email);
            let city = domain::places::city_named(chef.city).unwrap();
            assert!((chef.lat - city.lat).abs() < 0.1 && (chef.lng - city.lng).abs() < 0.11);
        }
    }
}
