//! Searching the social network: posts by their words and tags (and, for the nearby feed, by
//! the place of the chef they are linked to), and people by name and handle.

use serde::{Deserialize, Serialize};

use super::{
    normalise_text,
    params::{given, paging, Problems},
    Circle,
};
use crate::{
    paging::PageRequest,
    places::{city_named, City, CITIES},
    social::text::tag_of,
    FieldError,
};

/// How far the nearby feed looks around the reader's city.
pub const NEARBY_RADIUS_KM: f64 = 50.0;

/// The city the nearby feed looks around: the reader's choice, else the first city we serve.
pub fn nearby_city(chosen: Option<&str>) -> &'static City {
    chosen.and_then(city_named).unwrap_or(&CITIES[0])
}

/// A live post as the search index holds it: deleted and hidden posts have none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostDocument {
    /// Post ids grow with time, so the highest id is the newest post.
    pub id: i64,
    pub author_id: i64,
    pub author_handle: String,
    pub author_name: String,
    /// The Markdown as written: its words, tags and mentions are what a search matches.
    pub text: String,
    /// Lower-case tags without `#`.
    pub tags: Vec<String>,
    /// Where the chef the post is linked to works (the author when they are a chef, else the
    /// chef of the linked dish or event), for the nearby feed.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
}

/// A checked post search. Best match first when there is text, else newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct PostQuery {
    pub text: Option<String>,
    /// Lower-case tag without `#`.
    pub tag: Option<String>,
    /// Posts whose chef works inside this circle.
    pub near: Option<Circle>,
    /// Only posts older than this one: the nearby feed's cursor.
    pub before_id: Option<i64>,
    pub page: PageRequest,
}

impl PostQuery {
    /// Every post, newest first.
    pub fn newest() -> Self {
        Self {
            text: None,
            tag: None,
            near: None,
            before_id: None,
            page: PageRequest::default(),
        }
    }
}

/// A person as the search index holds them: suspended accounts have none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonDocument {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub bio: String,
    pub is_chef: bool,
}

/// A checked people search: best match first, else the earliest members.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonQuery {
    pub text: Option<String>,
    pub page: PageRequest,
}

/// `GET /api/v1/search/posts` and the search page's Posts tab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct PostSearchParams {
    /// Words of the post: "ramen", "sourdough starter".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// A hashtag, with or without `#`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

impl PostSearchParams {
    pub fn validate(&self) -> Result<PostQuery, Vec<FieldError>> {
        let mut problems = Problems::default();
        let tag = given(&self.tag).map(|raw| {
            tag_of(raw).ok_or_else(|| {
                FieldError::new("tag", "A tag is 2 to 40 letters, digits or _, like #ramen.")
            })
        });
        let tag = tag.and_then(|tag| problems.keep(tag));
        let page = problems.keep(paging(&self.page, &self.per_page));
        problems.finish(|| PostQuery {
            text: given(&self.q).and_then(normalise_text),
            tag,
            near: None,
            before_id: None,
            page: page.expect("checked"),
        })
    }

    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

/// `GET /api/v1/search/people` and the search page's People tab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct PersonSearchParams {
    /// A name or handle: "ana", "@chef_rui".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<i64>, minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

impl PersonSearchParams {
    pub fn validate(&self) -> Result<PersonQuery, Vec<FieldError>> {
        let mut problems = Problems::default();
        let page = problems.keep(paging(&self.page, &self.per_page));
        problems.finish(|| PersonQuery {
            // "@ana" is the handle "ana".
            text: given(&self.q).and_then(|text| normalise_text(text.trim_start_matches('@'))),
            page: page.expect("checked"),
        })
    }

    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_search_takes_a_tag_with_or_without_its_hash_in_lower_case() {
        for raw in ["#Ramen", "ramen", " RAMEN "] {
            let params = PostSearchParams {
                tag: Some(raw.into()),
                ..Default::default()
            };
            assert_eq!(params.validate().unwrap().tag.as_deref(), Some("ramen"));
        }
    }

    #[test]
    fn a_post_search_names_a_tag_that_cannot_be_one_and_a_bad_page_together() {
        let params = PostSearchParams {
            tag: Some("<script>".into()),
            page: Some("0".into()),
            ..Default::default()
        };
        let fields: Vec<String> = params
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|error| error.field)
            .collect();
        assert_eq!(fields, ["tag", "page"]);
    }

    #[test]
    fn blank_post_search_text_is_no_text_and_lists_the_newest() {
        let params = PostSearchParams {
            q: Some("   ".into()),
            ..Default::default()
        };
        assert_eq!(params.validate().unwrap(), PostQuery::newest());
    }

    #[test]
    fn a_people_search_for_an_at_handle_searches_the_handle() {
        let params = PersonSearchParams {
            q: Some("@chef_rui".into()),
            ..Default::default()
        };
        assert_eq!(params.validate().unwrap().text.as_deref(), Some("chef_rui"));
    }

    #[test]
    fn search_params_round_trip_through_the_address() {
        let params = PostSearchParams {
            q: Some("pão de ló".into()),
            tag: Some("baking".into()),
            ..Default::default()
        };
        let back: PostSearchParams = serde_urlencoded::from_str(&params.to_query_string()).unwrap();
        assert_eq!(back, params);
    }
}
