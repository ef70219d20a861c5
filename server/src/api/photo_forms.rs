//! Forms that carry photos: the same fields as the JSON body, sent as `multipart/form-data`
//! with `photo` files, each followed by an optional `alt` saying what it shows. Used by posts
//! and questions alike.

use axum::{
    extract::{FromRequest, Multipart, Request},
    http::{header::CONTENT_TYPE, StatusCode},
};
use backend::media::PhotoUpload;
use domain::{AppError, ErrorCode};

use crate::AppState;
use web::ApiError;

/// A multipart form read whole: its text fields in the order sent, and its photos.
#[derive(Default)]
pub struct PhotoForm {
    texts: Vec<(String, String)>,
    pub photos: Vec<PhotoUpload>,
}

pub fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"))
}

impl PhotoForm {
    /// Reads the form; more than `max_photos` photos is refused with `too_many` before the
    /// rest is read.
    pub async fn read(
        request: Request,
        state: &AppState,
        max_photos: usize,
        too_many: &str,
    ) -> Result<Self, ApiError> {
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|_| refused(ErrorCode::Validation, "The form could not be read."))?;
        let unreadable = |error: axum::extract::multipart::MultipartError| {
            if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                refused(ErrorCode::TooLarge, "A photo is over the 8 MB limit.")
            } else {
                refused(ErrorCode::Validation, "The form could not be read.")
            }
        };
        let mut form = Self::default();
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            match name.as_str() {
                "photo" => {
                    if form.photos.len() == max_photos {
                        return Err(refused(ErrorCode::Validation, too_many));
                    }
                    let bytes = field.bytes().await.map_err(unreadable)?;
                    form.photos.push(PhotoUpload {
                        bytes,
                        alt: String::new(),
                    });
                }
                "alt" => {
                    let alt = field.text().await.map_err(unreadable)?;
                    let Some(photo) = form.photos.last_mut() else {
                        return Err(ApiError(
                            AppError::new(
                                ErrorCode::Validation,
                                "Send each `alt` after the `photo` it describes.",
                            )
                            .with_field("alt"),
                        ));
                    };
                    photo.alt = alt;
                }
                _ => {
                    let text = field.text().await.map_err(unreadable)?;
                    form.texts.push((name, text));
                }
            }
        }
        Ok(form)
    }

    /// The last value sent for `name`, or nothing.
    pub fn text(&self, name: &str) -> String {
        self.all(name).last().map(str::to_owned).unwrap_or_default()
    }

    /// Every value sent for `name`, in order (a field repeated for a list).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.texts
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// An optional id: absent or blank is none, anything else must be a number.
    pub fn id(&self, name: &str) -> Result<Option<i64>, ApiError> {
        let text = self.text(name);
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| {
            ApiError(AppError::new(ErrorCode::Validation, "Send a number.").with_field(name))
        })
    }
}

fn refused(code: ErrorCode, message: &str) -> ApiError {
    ApiError(AppError::new(code, message).with_field("photos"))
}
