//! Chef photos: what a profile shows and the limits an upload must respect. The browser
//! checks the size before sending; the server checks everything again on the bytes.

use serde::{Deserialize, Serialize};

/// The largest upload accepted, before any decoding.
pub const MAX_PHOTO_BYTES: usize = 8 * 1024 * 1024;

/// The most pixels a photo may have: a 24-megapixel camera's frame with room to spare. The
/// server decodes at most this many, so one upload costs at most about 100 MB of memory.
pub const MAX_PHOTO_PIXELS: u64 = 25_000_000;

/// Gallery photos per chef, besides the profile photo.
pub const MAX_GALLERY_PHOTOS: usize = 12;

/// Image formats we accept, recognised by their content, never by the file name.
pub const ACCEPTED_TYPES: &[&str] = &["image/jpeg", "image/png", "image/webp"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PhotoKind {
    /// The one face on the profile and on cards; a new one replaces the old.
    Profile,
    Gallery,
}

impl PhotoKind {
    pub fn code(self) -> &'static str {
        match self {
            PhotoKind::Profile => "profile",
            PhotoKind::Gallery => "gallery",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "profile" => Some(PhotoKind::Profile),
            "gallery" => Some(PhotoKind::Gallery),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    pub id: i64,
    pub kind: PhotoKind,
    /// The photo scaled to fit 1600 px.
    pub url: String,
    /// A 400 px square crop for cards and grids.
    pub thumbnail_url: String,
    pub width: u32,
    pub height: u32,
}

/// A clear refusal before upload, when the browser already knows the file is too big.
pub fn check_upload_size(bytes: usize) -> Result<(), crate::FieldError> {
    if bytes == 0 {
        return Err(crate::FieldError::new("photo", "The file is empty."));
    }
    if bytes > MAX_PHOTO_BYTES {
        return Err(crate::FieldError::new(
            "photo",
            format!(
                "The photo is {:.1} MB; the limit is {} MB.",
                bytes as f64 / 1_048_576.0,
                MAX_PHOTO_BYTES / 1_048_576
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_oversized_file_is_refused_with_its_size() {
        assert!(check_upload_size(0).is_err());
        assert!(check_upload_size(MAX_PHOTO_BYTES).is_ok());
        let error = check_upload_size(9 * 1024 * 1024).unwrap_err();
        assert_eq!(error.message, "The photo is 9.0 MB; the limit is 8 MB.");
    }
}
