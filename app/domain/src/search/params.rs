//! Searches as they arrive in a URL: every value a string, checked here into a query with
//! each problem named by its field. The API and the search page share these, so a search
//! page's address is the API's query string too.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    normalise_text, ChefQuery, ChefSort, Circle, DishQuery, DishSort, QuestionQuery,
    DEFAULT_RADIUS_KM, MAX_RADIUS_KM,
};
use crate::{
    catalog::{Allergen, Course, DietaryFlag},
    geo::Coordinates,
    paging::PageRequest,
    places::city_named,
    FieldError,
};

/// `GET /api/v1/search/chefs` and the search page's address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct ChefSearchParams {
    /// Free text: "sushi", "vegan wedding".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// One of the cities we serve; its centre is used unless `lat` and `lng` are given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = -90, maximum = 90))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = -180, maximum = 180))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lng: Option<String>,
    /// 1 to 500 km; 25 when not given.
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 1, maximum = 500))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cuisine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// A diet the chef cooks for: vegan, vegetarian, gluten_free, dairy_free, halal, kosher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diet: Option<String>,
    /// Hourly base rate bounds, in the chefs' currency (e.g. `45` or `45.50`).
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 0))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_price: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 0))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_price: Option<String>,
    /// 1 to 5.
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 1, maximum = 5))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_rating: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 0, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_rank: Option<String>,
    /// The event's date, `YYYY-MM-DD`: only chefs free that day.
    #[cfg_attr(feature = "openapi", param(value_type = Option<chrono::NaiveDate>))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// distance (default), relevance, rank or price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

/// `GET /api/v1/search/dishes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct DishSearchParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = -90, maximum = 90))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = -180, maximum = 180))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lng: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 1, maximum = 500))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<String>,
    /// Diets every dish must suit, comma-separated: `vegan,gluten_free`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diet: Option<String>,
    /// Allergens no dish may contain, comma-separated: `peanuts,milk`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<String>,
    /// relevance (default), distance or price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

/// `GET /api/v1/search/questions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct QuestionSearchParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

/// Collects every field's problem, so a form shows them all at once.
#[derive(Default)]
pub(super) struct Problems(Vec<FieldError>);

impl Problems {
    pub(super) fn keep<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|error| self.0.push(error)).ok()
    }

    pub(super) fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

/// A value the person left blank counts as not given.
pub(super) fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

fn number(field: &str, raw: &Option<String>, what: &str) -> Result<Option<f64>, FieldError> {
    let Some(raw) = given(raw) else {
        return Ok(None);
    };
    raw.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .map(Some)
        .ok_or_else(|| FieldError::new(field, format!("{what} must be a number.")))
}

fn whole_number(field: &str, raw: &Option<String>) -> Result<Option<i64>, FieldError> {
    let Some(raw) = given(raw) else {
        return Ok(None);
    };
    raw.parse::<i64>()
        .map(Some)
        .map_err(|_| FieldError::new(field, "Must be a whole number."))
}

pub(super) fn paging(
    page: &Option<String>,
    per_page: &Option<String>,
) -> Result<PageRequest, FieldError> {
    PageRequest::parse(
        whole_number("page", page)?,
        whole_number("per_page", per_page)?,
    )
}

/// The searched place: coordinates when given (both of them), else a city's centre.
fn place(
    city: &Option<String>,
    lat: &Option<String>,
    lng: &Option<String>,
) -> Result<Option<Coordinates>, FieldError> {
    let lat = number("lat", lat, "Latitude")?;
    let lng = number("lng", lng, "Longitude")?;
    match (lat, lng) {
        (Some(lat), Some(lng)) => Coordinates::parse(lat, lng).map(Some),
        (Some(_), None) => Err(FieldError::new(
            "lng",
            "Give a longitude with the latitude.",
        )),
        (None, Some(_)) => Err(FieldError::new(
            "lat",
            "Give a latitude with the longitude.",
        )),
        (None, None) => match given(city) {
            None => Ok(None),
            Some(name) => city_named(name)
                .map(|city| Coordinates::parse(city.lat, city.lng).map(Some))
                .unwrap_or_else(|| {
                    Err(FieldError::new(
                        "city",
                        format!("We do not serve “{name}” yet: choose a city from the list."),
                    ))
                }),
        },
    }
}

fn radius(raw: &Option<String>) -> Result<f64, FieldError> {
    let radius = number("radius_km", raw, "The radius")?.unwrap_or(DEFAULT_RADIUS_KM);
    if radius > 0.0 && radius <= MAX_RADIUS_KM {
        Ok(radius)
    } else {
        Err(FieldError::new(
            "radius_km",
            format!("Search within more than 0 and at most {MAX_RADIUS_KM} km."),
        ))
    }
}

fn price_minor(field: &str, raw: &Option<String>) -> Result<Option<i64>, FieldError> {
    let Some(typed) = given(raw) else {
        return Ok(None);
    };
    if typed.starts_with('-') {
        return Err(FieldError::new(field, "Prices start at 0."));
    }
    crate::money::minor_units_typed(typed)
        .map(Some)
        .ok_or_else(|| FieldError::new(field, "Write the price as a number, e.g. 45 or 45.50."))
}

fn at_least(
    field: &str,
    raw: &Option<String>,
    range: (f64, f64),
) -> Result<Option<f64>, FieldError> {
    match number(field, raw, "The minimum")? {
        Some(value) if value < range.0 || value > range.1 => Err(FieldError::new(
            field,
            format!("Choose a minimum between {} and {}.", range.0, range.1),
        )),
        value => Ok(value),
    }
}

fn vocabulary<T>(
    field: &str,
    raw: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, FieldError> {
    let Some(raw) = given(raw) else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(|code| {
            parse(code)
                .ok_or_else(|| FieldError::new(field, format!("“{code}” is not one we know.")))
        })
        .collect()
}

impl ChefSearchParams {
    pub fn validate(&self) -> Result<ChefQuery, Vec<FieldError>> {
        let mut problems = Problems::default();
        let center = problems.keep(place(&self.city, &self.lat, &self.lng).and_then(|place| {
            place.ok_or_else(|| FieldError::new("city", "Choose a city, or give lat and lng."))
        }));
        let radius_km = problems.keep(radius(&self.radius_km));
        let diet = problems.keep(vocabulary("diet", &self.diet, DietaryFlag::parse));
        let min_price_minor = problems.keep(price_minor("min_price", &self.min_price));
        let max_price_minor = problems.keep(price_minor("max_price", &self.max_price));
        let min_rating = problems.keep(at_least("min_rating", &self.min_rating, (1.0, 5.0)));
        let min_rank = problems.keep(at_least("min_rank", &self.min_rank, (0.0, 100.0)));
        let available_on = problems.keep(match given(&self.date) {
            None => Ok(None),
            Some(date) => NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| FieldError::new("date", "Write the date as YYYY-MM-DD.")),
        });
        let sort = problems.keep(match given(&self.sort) {
            None => Ok(ChefSort::default()),
            Some(code) => ChefSort::parse(code).ok_or_else(|| {
                FieldError::new("sort", "Sort by distance, relevance, rank or price.")
            }),
        });
        let page = problems.keep(paging(&self.page, &self.per_page));
        if let (Some(Some(min)), Some(Some(max))) = (min_price_minor, max_price_minor) {
            if min > max {
                problems.0.push(FieldError::new(
                    "max_price",
                    "The highest price must not be below the lowest.",
                ));
            }
        }
        if diet.as_ref().is_some_and(|diets| diets.len() > 1) {
            problems
                .0
                .push(FieldError::new("diet", "Choose one diet at a time."));
        }
        problems.finish(|| ChefQuery {
            near: Circle {
                center: center.expect("checked"),
                radius_km: radius_km.expect("checked"),
            },
            text: given(&self.q).and_then(normalise_text),
            cuisine: given(&self.cuisine).map(str::to_lowercase),
            language: given(&self.language).map(str::to_lowercase),
            diet: diet.and_then(|diets| diets.into_iter().next()),
            min_price_minor: min_price_minor.flatten(),
            max_price_minor: max_price_minor.flatten(),
            min_rating: min_rating.flatten(),
            min_rank: min_rank.flatten(),
            available_on: available_on.flatten(),
            sort: sort.expect("checked"),
            page: page.expect("checked"),
        })
    }

    /// The URL query string that reproduces this search (without a leading `?`).
    pub fn to_query_string(&self) -> String {
        let mut tidy = self.clone();
        for value in [
            &mut tidy.q,
            &mut tidy.city,
            &mut tidy.lat,
            &mut tidy.lng,
            &mut tidy.radius_km,
            &mut tidy.cuisine,
            &mut tidy.language,
            &mut tidy.diet,
            &mut tidy.min_price,
            &mut tidy.max_price,
            &mut tidy.min_rating,
            &mut tidy.min_rank,
            &mut tidy.date,
            &mut tidy.sort,
            &mut tidy.page,
            &mut tidy.per_page,
        ] {
            if given(value).is_none() {
                *value = None;
            }
        }
        serde_urlencoded::to_string(&tidy).unwrap_or_default()
    }
}

impl DishSearchParams {
    pub fn validate(&self) -> Result<DishQuery, Vec<FieldError>> {
        let mut problems = Problems::default();
        let center = problems.keep(place(&self.city, &self.lat, &self.lng));
        let radius_km = problems.keep(radius(&self.radius_km));
        let diets = problems.keep(vocabulary("diet", &self.diet, DietaryFlag::parse));
        let free_of = problems.keep(vocabulary("free_of", &self.free_of, Allergen::parse));
        let course = problems.keep(vocabulary("course", &self.course, Course::parse));
        let sort = problems.keep(match given(&self.sort) {
            None => Ok(DishSort::default()),
            Some(code) => DishSort::parse(code)
                .ok_or_else(|| FieldError::new("sort", "Sort by relevance, distance or price.")),
        });
        let page = problems.keep(paging(&self.page, &self.per_page));
        if sort == Some(DishSort::Distance) && matches!(center, Some(None)) {
            problems.0.push(FieldError::new(
                "sort",
                "Sorting by distance needs a place: choose a city or give lat and lng.",
            ));
        }
        problems.finish(|| DishQuery {
            text: given(&self.q).and_then(normalise_text),
            near: center.flatten().map(|center| Circle {
                center,
                radius_km: radius_km.expect("checked"),
            }),
            diets: diets.expect("checked"),
            free_of: free_of.expect("checked"),
            course: course.and_then(|courses| courses.into_iter().next()),
            sort: sort.expect("checked"),
            page: page.expect("checked"),
        })
    }
}

impl QuestionSearchParams {
    pub fn validate(&self) -> Result<QuestionQuery, Vec<FieldError>> {
        let mut problems = Problems::default();
        let page = problems.keep(paging(&self.page, &self.per_page));
        problems.finish(|| QuestionQuery {
            text: given(&self.q).and_then(normalise_text),
            tag: given(&self.tag).map(str::to_lowercase),
            page: page.expect("checked"),
        })
    }

    /// The search page's address for this search (without a leading `?`).
    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chefs(pairs: &[(&str, &str)]) -> ChefSearchParams {
        let query: String = pairs
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join("&");
        serde_urlencoded::from_str(&query).unwrap()
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|error| error.field).collect()
    }

    #[test]
    fn a_city_by_name_is_searched_around_its_centre_within_25_km_nearest_first() {
        let query = chefs(&[("city", "lisbon"), ("q", "  sushi ")])
            .validate()
            .unwrap();
        assert!((query.near.center.lat() - 38.7223).abs() < 0.01);
        assert_eq!(query.near.radius_km, 25.0);
        assert_eq!(query.text.as_deref(), Some("sushi"));
        assert_eq!(query.sort, ChefSort::Distance);
    }

    #[test]
    fn coordinates_win_over_the_city() {
        let query = chefs(&[("city", "Paris"), ("lat", "41.15"), ("lng", "-8.61")])
            .validate()
            .unwrap();
        assert_eq!(query.near.center.lat(), 41.15);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let errors = chefs(&[
            ("lat", "95"),
            ("lng", "2"),
            ("radius_km", "0"),
            ("per_page", "500"),
            ("sort", "cheapest"),
            ("date", "5/12/2026"),
        ])
        .validate()
        .unwrap_err();
        assert_eq!(
            fields(errors),
            ["lat", "radius_km", "date", "sort", "per_page"]
        );
    }

    #[test]
    fn a_search_needs_a_place_and_a_half_given_point_is_refused() {
        assert_eq!(
            fields(chefs(&[("q", "sushi")]).validate().unwrap_err()),
            ["city"]
        );
        assert_eq!(
            fields(chefs(&[("lat", "48")]).validate().unwrap_err()),
            ["lng"]
        );
        assert_eq!(
            fields(chefs(&[("city", "Atlantis")]).validate().unwrap_err()),
            ["city"]
        );
    }

    #[test]
    fn radius_may_not_exceed_500_km_or_be_text() {
        for bad in ["501", "-3", "far"] {
            let errors = chefs(&[("city", "Paris"), ("radius_km", bad)]).validate();
            assert_eq!(fields(errors.unwrap_err()), ["radius_km"], "{bad}");
        }
    }

    #[test]
    fn prices_are_read_in_major_units_and_must_be_in_order() {
        let query = chefs(&[
            ("city", "Paris"),
            ("min_price", "20"),
            ("max_price", "45.5"),
        ])
        .validate()
        .unwrap();
        assert_eq!(
            (query.min_price_minor, query.max_price_minor),
            (Some(2000), Some(4550))
        );
        let errors = chefs(&[("city", "Paris"), ("min_price", "50"), ("max_price", "20")])
            .validate()
            .unwrap_err();
        assert_eq!(fields(errors), ["max_price"]);
    }

    #[test]
    fn the_query_string_round_trips_and_leaves_blank_fields_out() {
        let params = chefs(&[("q", "vegan wedding"), ("city", "Paris"), ("cuisine", "")]);
        let url = params.to_query_string();
        assert_eq!(url, "q=vegan+wedding&city=Paris");
        let again: ChefSearchParams = serde_urlencoded::from_str(&url).unwrap();
        assert_eq!(again.validate(), params.validate());
    }

    #[test]
    fn dishes_take_lists_of_diets_and_allergens_and_refuse_unknown_ones() {
        let params = DishSearchParams {
            diet: Some("vegan, gluten_free".into()),
            free_of: Some("peanuts".into()),
            ..Default::default()
        };
        let query = params.validate().unwrap();
        assert_eq!(query.diets, [DietaryFlag::Vegan, DietaryFlag::GlutenFree]);
        assert_eq!(query.free_of, [Allergen::Peanuts]);
        assert!(query.near.is_none());
        let bad = DishSearchParams {
            free_of: Some("kryptonite".into()),
            ..Default::default()
        };
        assert_eq!(fields(bad.validate().unwrap_err()), ["free_of"]);
    }

    #[test]
    fn dishes_sorted_by_distance_need_a_place() {
        let params = DishSearchParams {
            sort: Some("distance".into()),
            ..Default::default()
        };
        assert_eq!(fields(params.validate().unwrap_err()), ["sort"]);
    }
}
