//! What a chef may write on their profile, and the rules each value obeys. The profile editor
//! runs these in the browser as the chef types; the server runs them again before saving.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    geo::Coordinates,
    money::{Currency, Money},
    places::{city_named, City},
    FieldError,
};

/// Cuisines a chef can offer. A fixed list keeps search filters and badges consistent;
/// extend it here (codes are stored, so never rename one).
pub const CUISINES: &[&str] = &[
    "Italian",
    "French",
    "Japanese",
    "Indian",
    "Mediterranean",
    "Mexican",
    "Plant-based",
    "Portuguese",
    "Spanish",
    "Chinese",
    "Thai",
    "Korean",
    "Middle Eastern",
    "Greek",
    "Nordic",
    "American",
    "Caribbean",
    "West African",
    "Peruvian",
    "Vietnamese",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EducationLevel {
    None,
    Certificate,
    Diploma,
    Degree,
    Master,
}

/// Language ability on the CEFR scale, or native.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Proficiency {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
    #[serde(rename = "native")]
    Native,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EducationEntry {
    pub level: EducationLevel,
    pub institution: String,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LanguageSkill {
    pub language: String,
    pub proficiency: Proficiency,
}

/// A professional certificate such as a food-handler card. Some expire; an expired one
/// stays on the profile but is shown as expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certification {
    pub name: String,
    pub issuer: String,
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
}

impl Certification {
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expires_on.is_some_and(|expiry| expiry < today)
    }
}

/// A profile as the editor sends it, before any rule has looked at it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChefProfileForm {
    pub headline: String,
    pub bio: String,
    pub years_experience: i64,
    #[serde(default)]
    pub education: Vec<EducationEntry>,
    #[serde(default)]
    pub certifications: Vec<Certification>,
    pub languages: Vec<LanguageSkill>,
    pub cuisines: Vec<String>,
    /// One of the bundled cities; the rate is charged in its currency.
    pub city: String,
    /// The exact spot, moved from the city centre by the pin or typed in.
    pub lat: f64,
    pub lng: f64,
    pub service_radius_km: i64,
    pub base_rate_minor: i64,
    pub min_guests: i64,
    pub max_guests: i64,
}

/// A profile every rule has accepted; only this can be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidChefProfile {
    pub headline: String,
    pub bio: String,
    pub years_experience: u8,
    pub education: Vec<EducationEntry>,
    pub certifications: Vec<Certification>,
    pub languages: Vec<LanguageSkill>,
    pub cuisines: Vec<String>,
    pub home: HomeLocation,
    pub service_radius_km: u16,
    pub base_rate: Money,
    pub guests: GuestRange,
}

/// Where a chef starts their trips: a bundled city and a point near it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HomeLocation {
    pub city: &'static City,
    pub point: Coordinates,
}

impl HomeLocation {
    /// How far the pin may sit from the city centre: a metropolitan area, not another city.
    pub const MAX_KM_FROM_CITY: f64 = 60.0;

    pub fn parse(city: &str, lat: f64, lng: f64) -> Result<Self, FieldError> {
        let city = city_named(city)
            .ok_or_else(|| FieldError::new("city", "Choose your city from the list."))?;
        let point = Coordinates::parse(lat, lng)?;
        let centre = Coordinates::parse(city.lat, city.lng)?;
        if point.distance_km(&centre) > Self::MAX_KM_FROM_CITY {
            return Err(FieldError::new(
                "lat",
                format!(
                    "The pin is more than {} km from {}; choose the city nearest to you.",
                    Self::MAX_KM_FROM_CITY,
                    city.name
                ),
            ));
        }
        Ok(Self { city, point })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuestRange {
    pub min: u16,
    pub max: u16,
}

impl GuestRange {
    pub const LIMIT: i64 = 1000;

    pub fn parse(min: i64, max: i64) -> Result<Self, FieldError> {
        if !(1..=Self::LIMIT).contains(&min) {
            return Err(FieldError::new(
                "min_guests",
                "Cook for at least 1 and at most 1000 guests.",
            ));
        }
        if !(1..=Self::LIMIT).contains(&max) {
            return Err(FieldError::new(
                "max_guests",
                "Cook for at least 1 and at most 1000 guests.",
            ));
        }
        if min > max {
            return Err(FieldError::new(
                "max_guests",
                "The maximum cannot be below the minimum.",
            ));
        }
        Ok(Self {
            min: min as u16,
            max: max as u16,
        })
    }
}

/// Text trimmed and between `min` and `max` characters.
pub(crate) fn text(field: &str, raw: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    let length = trimmed.chars().count();
    if length < min {
        return Err(FieldError::new(
            field,
            format!("Write at least {min} characters."),
        ));
    }
    if length > max {
        return Err(FieldError::new(
            field,
            format!("Keep it to {max} characters."),
        ));
    }
    Ok(trimmed.to_owned())
}

pub fn parse_headline(raw: &str) -> Result<String, FieldError> {
    text("headline", raw, 10, 120)
}

pub fn parse_bio(raw: &str) -> Result<String, FieldError> {
    text("bio", raw, 0, 4000)
}

pub fn parse_years_experience(years: i64) -> Result<u8, FieldError> {
    u8::try_from(years)
        .ok()
        .filter(|y| *y <= 70)
        .ok_or_else(|| FieldError::new("years_experience", "Enter between 0 and 70 years."))
}

pub fn parse_service_radius_km(km: i64) -> Result<u16, FieldError> {
    u16::try_from(km)
        .ok()
        .filter(|km| (1..=500).contains(km))
        .ok_or_else(|| FieldError::new("service_radius_km", "Travel between 1 and 500 km."))
}

/// An hourly rate above zero and below €10,000 (or the same in another currency).
pub fn parse_base_rate(amount_minor: i64, currency: &str) -> Result<Money, FieldError> {
    let currency = Currency::parse(currency)?;
    if !(1..=1_000_000).contains(&amount_minor) {
        return Err(FieldError::new(
            "base_rate_minor",
            "Enter an hourly rate above 0 and below 10,000.",
        ));
    }
    Ok(Money::new(amount_minor, currency))
}

/// `this_year` comes from the caller's clock: graduating in the future is not possible.
pub fn parse_education(
    entries: &[EducationEntry],
    this_year: i32,
) -> Result<Vec<EducationEntry>, FieldError> {
    if entries.len() > 10 {
        return Err(FieldError::new(
            "education",
            "List at most 10 qualifications.",
        ));
    }
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let institution = text(
                &format!("education[{i}].institution"),
                &entry.institution,
                2,
                120,
            )?;
            if !(1950..=this_year).contains(&entry.year) {
                return Err(FieldError::new(
                    format!("education[{i}].year"),
                    format!("Enter a year between 1950 and {this_year}."),
                ));
            }
            Ok(EducationEntry {
                level: entry.level,
                institution,
                year: entry.year,
            })
        })
        .collect()
}

/// `today` comes from the caller's clock. Expired certificates may stay listed (they are
/// shown as expired), but one that expired more than five years ago is noise.
pub fn parse_certifications(
    entries: &[Certification],
    today: NaiveDate,
) -> Result<Vec<Certification>, FieldError> {
    if entries.len() > 10 {
        return Err(FieldError::new(
            "certifications",
            "List at most 10 certifications.",
        ));
    }
    let oldest_expiry = today - chrono::Days::new(5 * 366);
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let name = text(&format!("certifications[{i}].name"), &entry.name, 3, 120)?;
            let issuer = text(
                &format!("certifications[{i}].issuer"),
                &entry.issuer,
                0,
                120,
            )?;
            if entry
                .expires_on
                .is_some_and(|expiry| expiry < oldest_expiry)
            {
                return Err(FieldError::new(
                    format!("certifications[{i}].expires_on"),
                    "This expired more than five years ago; remove it or renew it.",
                ));
            }
            Ok(Certification {
                name,
                issuer,
                expires_on: entry.expires_on,
            })
        })
        .collect()
}

pub fn parse_languages(skills: &[LanguageSkill]) -> Result<Vec<LanguageSkill>, FieldError> {
    if skills.is_empty() {
        return Err(FieldError::new(
            "languages",
            "Add at least one language you speak with guests.",
        ));
    }
    let mut seen = Vec::new();
    for (i, skill) in skills.iter().enumerate() {
        let language = text(&format!("languages[{i}].language"), &skill.language, 2, 40)?;
        if seen
            .iter()
            .any(|s: &LanguageSkill| s.language.eq_ignore_ascii_case(&language))
        {
            return Err(FieldError::new(
                format!("languages[{i}].language"),
                "This language is listed twice.",
            ));
        }
        seen.push(LanguageSkill {
            language,
            proficiency: skill.proficiency,
        });
    }
    Ok(seen)
}

/// Cuisines from [`CUISINES`], written as the list writes them, each once.
pub fn parse_cuisines(raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.is_empty() || raw.len() > 6 {
        return Err(FieldError::new(
            "cuisines",
            "Choose between 1 and 6 cuisines.",
        ));
    }
    let mut cuisines = Vec::new();
    for name in raw {
        let Some(known) = CUISINES
            .iter()
            .find(|c| c.eq_ignore_ascii_case(name.trim()))
        else {
            return Err(FieldError::new(
                "cuisines",
                format!("“{}” is not a cuisine we list yet.", name.trim()),
            ));
        };
        if !cuisines.contains(&(*known).to_owned()) {
            cuisines.push((*known).to_owned());
        }
    }
    Ok(cuisines)
}

/// The value if it parsed; otherwise its error joins the others.
pub(crate) fn keep<T>(errors: &mut Vec<FieldError>, parsed: Result<T, FieldError>) -> Option<T> {
    parsed.map_err(|error| errors.push(error)).ok()
}

impl ChefProfileForm {
    /// Checks every field and reports every problem at once. `today` is the caller's date.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidChefProfile, Vec<FieldError>> {
        use chrono::Datelike;
        let mut errors = Vec::new();
        let headline = keep(&mut errors, parse_headline(&self.headline));
        let bio = keep(&mut errors, parse_bio(&self.bio));
        let years_experience = keep(&mut errors, parse_years_experience(self.years_experience));
        let education = keep(&mut errors, parse_education(&self.education, today.year()));
        let certifications = keep(
            &mut errors,
            parse_certifications(&self.certifications, today),
        );
        let languages = keep(&mut errors, parse_languages(&self.languages));
        let cuisines = keep(&mut errors, parse_cuisines(&self.cuisines));
        let home = keep(
            &mut errors,
            HomeLocation::parse(&self.city, self.lat, self.lng),
        );
        let service_radius_km = keep(&mut errors, parse_service_radius_km(self.service_radius_km));
        let base_rate = home.and_then(|home| {
            keep(
                &mut errors,
                parse_base_rate(self.base_rate_minor, home.city.currency.code()),
            )
        });
        let guests = keep(
            &mut errors,
            GuestRange::parse(self.min_guests, self.max_guests),
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        // No error was recorded, so every field parsed.
        match (
            headline,
            bio,
            years_experience,
            education,
            certifications,
            languages,
            cuisines,
            home,
            service_radius_km,
            base_rate,
            guests,
        ) {
            (
                Some(headline),
                Some(bio),
                Some(years_experience),
                Some(education),
                Some(certifications),
                Some(languages),
                Some(cuisines),
                Some(home),
                Some(service_radius_km),
                Some(base_rate),
                Some(guests),
            ) => Ok(ValidChefProfile {
                headline,
                bio,
                years_experience,
                education,
                certifications,
                languages,
                cuisines,
                home,
                service_radius_km,
                base_rate,
                guests,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;
