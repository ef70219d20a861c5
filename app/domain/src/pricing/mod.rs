//! The event cost calculator: what an event costs, line by line, each with a formula a person
//! can check. The browser shows the quote from this code and the server charges from it, so
//! the two can never disagree.
//!
//! Rounding: amounts are integer minor units. A percentage is applied to a line already
//! rounded, and its result rounded half up to a whole minor unit; a time charge is the
//! hourly rate times minutes over 60, rounded the same way. The total is the sum of the
//! rounded lines, so the lines always add up to it.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::{
    availability::schedule_problems,
    catalog::{ChefProfile, Dish},
    chef_profile::EducationLevel,
    events::{parse_duration_hours, LONGEST_EVENT_MINUTES, MAX_GUESTS, SHORTEST_EVENT_MINUTES},
    geo::Coordinates,
    money::{Currency, Money},
    places::city_named,
    FieldError,
};

/// Organic ingredients cost more to source: 8 % on the organic dishes' food.
pub const ORGANIC_SUPPLEMENT_BP: u32 = 800;
/// A dish's preparation time covers this many guests; each further batch takes it again.
pub const GUESTS_PER_PREP_BATCH: u16 = 12;
/// Plated apart for a guest with a special diet, in minor units.
pub const SPECIAL_DIET_PLATE_MINOR: i64 = 400;
/// The chef travels this far for free; beyond it, both ways are charged per km.
pub const FREE_TRAVEL_KM: f64 = 10.0;
pub const TRAVEL_PER_KM_MINOR: i64 = 60;
pub const WEEKEND_SURCHARGE_BP: u32 = 1500;
pub const HOLIDAY_SURCHARGE_BP: u32 = 2500;
pub const SERVICE_FEE_BP: u32 = 1000;
/// The quote line with the platform's fee, which the platform keeps when it pays the chef.
pub const SERVICE_FEE_LABEL: &str = "Platform service fee";
/// How the VAT line's label begins ("VAT 23%").
pub const VAT_LABEL_PREFIX: &str = "VAT ";
/// Rank (0 to 100) adds up to this much to the chef's time.
pub const TOP_RANK_BP: u32 = 2000;

/// A dish as the calculator needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteDish {
    pub name: String,
    pub price_per_guest: Money,
    pub organic: bool,
    pub prep_minutes: u16,
    pub min_guests: u16,
}

impl From<&Dish> for QuoteDish {
    fn from(dish: &Dish) -> Self {
        Self {
            name: dish.name.clone(),
            price_per_guest: dish.price_per_guest,
            organic: dish.organic,
            prep_minutes: dish.prep_minutes,
            min_guests: dish.min_guests,
        }
    }
}

/// The chef as the calculator needs them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteChef {
    /// Per hour.
    pub base_rate: Money,
    pub years_experience: u8,
    /// The highest level the chef has completed.
    pub education: EducationLevel,
    /// 0 to 100, once the rank calculator has ranked the chef.
    pub rank: Option<f64>,
    /// From the chef's home to the event.
    pub distance_km: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRequest {
    pub dishes: Vec<QuoteDish>,
    pub guests: u16,
    /// Guests whose special diet or allergy needs a plate made apart.
    pub special_diet_guests: u16,
    /// The event's date where it takes place (weekends and holidays cost more).
    pub event_date: NaiveDate,
    pub duration_minutes: u32,
    pub chef: QuoteChef,
    /// Sales tax (VAT) in basis points, from the chef's country (their home city's):
    /// [`vat_basis_points`]. A chef works within their travel radius, which in every city we
    /// serve stays inside that country, and the quote carries the event's place only as
    /// coordinates, so the chef's country is the one both sides can compute alike.
    pub tax_bp: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteLine {
    pub label: String,
    /// How the amount was reached, in words and numbers: "€9.00 × 24 guests".
    pub formula: String,
    pub amount_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    pub total_minor: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "EUR"))]
    pub currency: Currency,
}

/// What a customer picks for a quote: `POST /api/v1/quote`, and the live quote on a chef's
/// page, which runs this same code in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteChoice {
    pub chef_id: i64,
    pub dish_ids: Vec<i64>,
    pub guests: i64,
    /// With the event's own UTC offset (`2027-06-12T19:00:00+01:00`): its date there decides
    /// weekend and holiday rates.
    pub starts_at: DateTime<FixedOffset>,
    pub duration_hours: f64,
    /// Where the event takes place.
    pub lat: f64,
    pub lng: f64,
    /// Guests whose diet or allergy needs a plate made apart.
    #[serde(default)]
    pub special_diet_guests: i64,
}

impl QuoteChoice {
    /// The calculator's input for `chef`, whose public profile this choice was made on.
    pub fn request_for(&self, chef: &ChefProfile) -> Result<QuoteRequest, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut dishes = Vec::new();
        for id in &self.dish_ids {
            match chef.dishes.iter().find(|dish| dish.id == *id) {
                Some(dish) => dishes.push(QuoteDish::from(dish)),
                None => problems.push(FieldError::new(
                    "dish_ids",
                    format!("Dish {id} is not on this chef's menu."),
                )),
            }
        }
        let guests = u16::try_from(self.guests).unwrap_or(0);
        let special_diet_guests = u16::try_from(self.special_diet_guests).unwrap_or(u16::MAX);
        let duration_minutes = parse_duration_hours(self.duration_hours)
            .map_err(|problem| problems.push(problem))
            .unwrap_or(SHORTEST_EVENT_MINUTES);
        let place =
            Coordinates::parse(self.lat, self.lng).map_err(|problem| problems.push(problem));
        let home = Coordinates::parse(chef.card.lat, chef.card.lng).ok();
        if !problems.is_empty() {
            return Err(problems);
        }
        let distance_km = match (place, home) {
            (Ok(place), Some(home)) => home.distance_km(&place),
            _ => 0.0,
        };
        let education = chef
            .education
            .iter()
            .map(|entry| entry.level)
            .max()
            .unwrap_or(EducationLevel::None);
        let country = city_named(&chef.card.city)
            .map(|city| city.country)
            .unwrap_or_default();
        Ok(QuoteRequest {
            dishes,
            guests,
            special_diet_guests,
            event_date: self.starts_at.date_naive(),
            duration_minutes,
            chef: QuoteChef {
                base_rate: chef.card.base_rate,
                years_experience: u8::try_from(chef.card.years_experience).unwrap_or(u8::MAX),
                education,
                rank: chef.rank,
                distance_km,
            },
            tax_bp: vat_basis_points(country),
        })
    }
}

/// The one entry point for pricing an event with a chef: the calculator's quote for
/// `choice` on `chef`'s public profile, refused (every problem at once) when the choice does
/// not fit the chef — dishes off their menu, fewer guests than a dish needs, more or fewer
/// guests than the chef cooks for, a place beyond their travel radius. The chef's page in
/// the browser, `POST /api/v1/quote`, proposals and the booking service all call this, so
/// a total a person is shown is the total a booking is made at.
pub fn price_for_chef(
    chef: &ChefProfile,
    choice: &QuoteChoice,
) -> Result<(QuoteRequest, Quote), Vec<FieldError>> {
    let request = choice.request_for(chef)?;
    let priced = quote(&request);
    let mut problems = priced.as_ref().err().cloned().unwrap_or_default();
    if !(chef.min_guests..=chef.max_guests).contains(&request.guests) {
        problems.push(FieldError::new(
            "guests",
            format!(
                "{} cooks for {} to {} guests.",
                chef.card.display_name, chef.min_guests, chef.max_guests
            ),
        ));
    }
    if request.chef.distance_km > f64::from(chef.card.service_radius_km) {
        problems.push(FieldError::new(
            "lat",
            format!(
                "The event is {:.0} km away; {} travels up to {} km.",
                request.chef.distance_km, chef.card.display_name, chef.card.service_radius_km
            ),
        ));
    }
    match priced {
        Ok(priced) if problems.is_empty() => Ok((request, priced)),
        _ => Err(problems),
    }
}

/// [`price_for_chef`], and the chef's calendar on top: the quote a customer may book now.
/// Outside the chef's weekly hours or over blocked time it is refused with why, so the
/// chef's page can say so before "Request booking" (and the booking service says the same).
pub fn bookable_quote(
    chef: &ChefProfile,
    choice: &QuoteChoice,
) -> Result<(QuoteRequest, Quote), Vec<FieldError>> {
    let priced = price_for_chef(chef, choice);
    let minutes = parse_duration_hours(choice.duration_hours).unwrap_or(SHORTEST_EVENT_MINUTES);
    let calendar = schedule_problems(
        &chef.card.display_name,
        &chef.weekly_hours,
        &chef.busy,
        choice.starts_at,
        minutes,
    );
    match priced {
        Ok(priced) if calendar.is_empty() => Ok(priced),
        Ok(_) => Err(calendar),
        Err(mut problems) => {
            problems.extend(calendar);
            Err(problems)
        }
    }
}

/// VAT in basis points for the countries we serve (standard rates; the United States has
/// no VAT, New York City's sales tax stands in).
pub fn vat_basis_points(country: &str) -> u32 {
    match country {
        "Portugal" | "Ireland" => 2300,
        "Italy" => 2200,
        "Spain" | "Netherlands" => 2100,
        "France" | "Austria" | "United Kingdom" => 2000,
        "Germany" => 1900,
        "United States" => 888,
        _ => 2000,
    }
}

/// Fixed-date holidays kept across the countries we serve.
pub fn is_holiday(date: NaiveDate) -> bool {
    matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (12, 24) | (12, 25) | (12, 26) | (12, 31)
    )
}

/// `amount × bp / 10 000`, rounded half up (amounts here are never negative).
fn share(amount_minor: i64, bp: u32) -> i64 {
    (amount_minor * i64::from(bp) + 5_000).div_euclid(10_000)
}

fn percent(bp: u32) -> String {
    let whole = bp / 100;
    match bp % 100 {
        0 => format!("{whole}%"),
        cents if cents % 10 == 0 => format!("{whole}.{}%", cents / 10),
        cents => format!("{whole}.{cents:02}%"),
    }
}

fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn experience_bp(years: u8) -> u32 {
    match years {
        0..=2 => 0,
        3..=5 => 1000,
        6..=10 => 2000,
        _ => 3000,
    }
}

fn education_bp(level: EducationLevel) -> u32 {
    match level {
        EducationLevel::None => 0,
        EducationLevel::Certificate => 300,
        EducationLevel::Diploma => 500,
        EducationLevel::Degree => 800,
        EducationLevel::Master => 1000,
    }
}

fn education_name(level: EducationLevel) -> &'static str {
    match level {
        EducationLevel::None => "none",
        EducationLevel::Certificate => "certificate",
        EducationLevel::Diploma => "diploma",
        EducationLevel::Degree => "degree",
        EducationLevel::Master => "master's",
    }
}

impl QuoteRequest {
    fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if self.dishes.is_empty() {
            problems.push(FieldError::new("dish_ids", "Choose at least one dish."));
        }
        if !(1..=MAX_GUESTS).contains(&self.guests) {
            problems.push(FieldError::new(
                "guests",
                format!("Cook for 1 to {MAX_GUESTS} guests."),
            ));
        } else if let Some(dish) = self.dishes.iter().find(|d| d.min_guests > self.guests) {
            problems.push(FieldError::new(
                "guests",
                format!(
                    "{} is made for at least {} guests.",
                    dish.name, dish.min_guests
                ),
            ));
        }
        if self.special_diet_guests > self.guests {
            problems.push(FieldError::new(
                "special_diet_guests",
                "More guests with special diets than guests.",
            ));
        }
        if !(SHORTEST_EVENT_MINUTES..=LONGEST_EVENT_MINUTES).contains(&self.duration_minutes) {
            problems.push(FieldError::new(
                "duration_hours",
                "An event lasts from half an hour to 16 hours.",
            ));
        }
        if !self.chef.distance_km.is_finite() || self.chef.distance_km < 0.0 {
            problems.push(FieldError::new("lat", "The event's place is not valid."));
        }
        let currency = self.chef.base_rate.currency;
        if self
            .dishes
            .iter()
            .any(|d| d.price_per_guest.currency != currency)
        {
            problems.push(FieldError::new(
                "dish_ids",
                "Every dish must be priced in the chef's currency.",
            ));
        }
        if self.chef.base_rate.amount_minor < 0
            || self
                .dishes
                .iter()
                .any(|d| d.price_per_guest.amount_minor < 0)
        {
            problems.push(FieldError::new("dish_ids", "Prices cannot be negative."));
        }
        problems
    }
}

/// The itemised quote for `request`, or every reason it cannot be priced.
pub fn quote(request: &QuoteRequest) -> Result<Quote, Vec<FieldError>> {
    let problems = request.problems();
    if !problems.is_empty() {
        return Err(problems);
    }
    let currency = request.chef.base_rate.currency;
    let money = |minor: i64| Money::new(minor, currency).to_string();
    let guests = request.guests;
    let mut lines = Vec::new();
    let mut line = |label: String, formula: String, amount_minor: i64| {
        lines.push(QuoteLine {
            label,
            formula,
            amount_minor,
        });
        amount_minor
    };

    let mut food = 0;
    let mut organic_food = 0;
    for dish in &request.dishes {
        let amount = dish.price_per_guest.amount_minor * i64::from(guests);
        food += line(
            dish.name.clone(),
            format!("{} × {guests} guests", dish.price_per_guest),
            amount,
        );
        if dish.organic {
            organic_food += amount;
        }
    }
    if organic_food > 0 {
        food += line(
            "Organic ingredients".into(),
            format!(
                "{} of {} (the organic dishes)",
                percent(ORGANIC_SUPPLEMENT_BP),
                money(organic_food)
            ),
            share(organic_food, ORGANIC_SUPPLEMENT_BP),
        );
    }
    if request.special_diet_guests > 0 {
        let plates = request.special_diet_guests;
        food += line(
            "Separate plates for special diets".into(),
            format!("{plates} guests × {}", money(SPECIAL_DIET_PLATE_MINOR)),
            SPECIAL_DIET_PLATE_MINOR * i64::from(plates),
        );
    }

    let batches = u32::from(guests.div_ceil(GUESTS_PER_PREP_BATCH));
    let prep_minutes: u32 = request
        .dishes
        .iter()
        .map(|dish| u32::from(dish.prep_minutes) * batches)
        .sum();
    let minutes = request.duration_minutes + prep_minutes;
    let rate = request.chef.base_rate.amount_minor;
    let chef_time = line(
        "Chef's time".into(),
        format!(
            "{} at the event + {} preparation = {} × {}/h",
            duration(request.duration_minutes),
            duration(prep_minutes),
            duration(minutes),
            money(rate)
        ),
        (rate * i64::from(minutes) * 2 + 60).div_euclid(120),
    );
    let mut time = chef_time;
    let years = request.chef.years_experience;
    let experience = experience_bp(years);
    if experience > 0 {
        time += line(
            format!("Experience ({years} years)"),
            format!("{} of {}", percent(experience), money(chef_time)),
            share(chef_time, experience),
        );
    }
    let education = education_bp(request.chef.education);
    if education > 0 {
        time += line(
            format!("Training ({})", education_name(request.chef.education)),
            format!("{} of {}", percent(education), money(chef_time)),
            share(chef_time, education),
        );
    }
    if let Some(rank) = request.chef.rank.filter(|rank| *rank > 0.0) {
        let rank = rank.clamp(0.0, 100.0);
        let bp = (rank / 100.0 * f64::from(TOP_RANK_BP)).round() as u32;
        time += line(
            format!("Rank {rank:.0} of 100"),
            format!("{} of {}", percent(bp), money(chef_time)),
            share(chef_time, bp),
        );
    }

    let mut subtotal = food + time;
    let beyond_km = request.chef.distance_km - FREE_TRAVEL_KM;
    if beyond_km > 0.0 {
        // Tenths of a km, rounded up: a chef is never paid for less than the road.
        let tenths = (beyond_km * 10.0).ceil() as i64;
        subtotal += line(
            "Travel".into(),
            format!(
                "2 × {}.{} km beyond the first {FREE_TRAVEL_KM} km × {}/km",
                tenths / 10,
                tenths % 10,
                money(TRAVEL_PER_KM_MINOR)
            ),
            (2 * tenths * TRAVEL_PER_KM_MINOR + 5).div_euclid(10),
        );
    }
    let date = request.event_date;
    let surcharge = if is_holiday(date) {
        Some(("Holiday", HOLIDAY_SURCHARGE_BP))
    } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        Some(("Weekend", WEEKEND_SURCHARGE_BP))
    } else {
        None
    };
    if let Some((name, bp)) = surcharge {
        subtotal += line(
            format!("{name} ({date})"),
            format!(
                "{} of {} (food and chef's time)",
                percent(bp),
                money(food + time)
            ),
            share(food + time, bp),
        );
    }
    let fee = line(
        SERVICE_FEE_LABEL.into(),
        format!("{} of {}", percent(SERVICE_FEE_BP), money(subtotal)),
        share(subtotal, SERVICE_FEE_BP),
    );
    let taxed = subtotal + fee;
    let tax = line(
        format!("{VAT_LABEL_PREFIX}{}", percent(request.tax_bp)),
        format!("{} of {}", percent(request.tax_bp), money(taxed)),
        share(taxed, request.tax_bp),
    );
    let total_minor = taxed + tax;
    Ok(Quote {
        total_minor,
        lines,
        currency,
    })
}

#[cfg(test)]
mod tests;
