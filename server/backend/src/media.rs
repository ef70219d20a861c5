//! Photo uploads: from untrusted bytes to the two JPEGs we store and serve.
//!
//! The format is sniffed from the content (the file name and the declared type are ignored).
//! Files that carry anything after the image (a ZIP or a script glued on: polyglots) or
//! markup anywhere are refused. The pixels are decoded under size limits, turned upright from
//! the EXIF orientation, and encoded afresh, so no metadata (EXIF, GPS, comments) and no byte
//! of the original ever reaches storage or another visitor.
//!
//! Storage goes through `object_store`: a local directory by default, or any S3-compatible
//! bucket, behind the same calls.

use bytes::Bytes;
use domain::FieldError;
use image::{
    codecs::jpeg::JpegEncoder, imageops::FilterType, DynamicImage, ImageDecoder, ImageFormat,
    ImageReader, Limits, RgbImage,
};
use object_store::{
    aws::AmazonS3Builder, local::LocalFileSystem, path::Path, ObjectStore, ObjectStoreExt,
    PutPayload,
};
use std::{
    io::Cursor,
    sync::{Arc, LazyLock},
};
use tokio::sync::Semaphore;

use crate::ServiceError;
use domain::photos::MAX_PHOTO_PIXELS;

/// The longest side of the stored photo, and the side of the square thumbnail.
pub const FULL_SIZE: u32 = 1600;
pub const THUMBNAIL_SIZE: u32 = 400;
const JPEG_QUALITY: u8 = 85;
/// Beyond this a "photo" is a decompression bomb, not a picture of a dish.
const MAX_DIMENSION: u32 = 12_000;

/// A photo ready to store: upright, stripped of metadata, re-encoded.
#[derive(Debug)]
pub struct ProcessedPhoto {
    pub full: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn refuse(message: &str) -> FieldError {
    FieldError::new("photo", message)
}

/// Checks and re-encodes an upload. CPU-bound: call it from a blocking task.
pub fn process_upload(bytes: &[u8]) -> Result<ProcessedPhoto, FieldError> {
    domain::photos::check_upload_size(bytes.len())?;
    let format = image::guess_format(bytes).map_err(|_| {
        refuse("This file is not a photo we can read. Upload a JPEG, PNG or WebP image.")
    })?;
    let image_end = match format {
        ImageFormat::Jpeg => jpeg_end(bytes),
        ImageFormat::Png => png_end(bytes),
        ImageFormat::WebP => webp_end(bytes),
        _ => {
            return Err(refuse(
                "Only JPEG, PNG or WebP photos are accepted, whatever the file is called.",
            ))
        }
    }
    .ok_or_else(|| refuse("This image file is damaged or incomplete."))?;
    if image_end != bytes.len() {
        return Err(refuse(
            "This file carries other data after the image, so it was refused. Export the photo again and retry.",
        ));
    }
    if contains_markup(bytes) {
        return Err(refuse(
            "This file contains web page code, so it was refused.",
        ));
    }

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decoding_limits());
    let unreadable = |_| refuse("This image could not be read; it may be damaged.");
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    check_decoded_size(&decoder)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    picture.apply_orientation(orientation);
    if picture.width() < 200 || picture.height() < 200 {
        return Err(refuse(
            "This photo is too small; use one at least 200 pixels on each side.",
        ));
    }

    let opaque = on_white(picture);
    // Area averaging straight from the decoded pixels: no full-size float copy, whose
    // memory would be several times the photo's.
    let full = if opaque.width() > FULL_SIZE || opaque.height() > FULL_SIZE {
        opaque.thumbnail(FULL_SIZE, FULL_SIZE)
    } else {
        opaque
    };
    let thumbnail = full.resize_to_fill(THUMBNAIL_SIZE, THUMBNAIL_SIZE, FilterType::Lanczos3);
    Ok(ProcessedPhoto {
        width: full.width(),
        height: full.height(),
        full: encode_jpeg(&full)?,
        thumbnail: encode_jpeg(&thumbnail)?,
    })
}

/// What a decoder may allocate: the largest accepted photo at 8-bit RGBA, plus its
/// bookkeeping. Anything bigger is refused before its pixels are read.
fn decoding_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_PHOTO_PIXELS * 4 + 16 * 1024 * 1024);
    limits
}

/// Refuses, from the header alone, a photo with more pixels than we decode or one whose
/// pixels would take more memory than the budget (16-bit colour).
fn check_decoded_size(decoder: &impl ImageDecoder) -> Result<(), FieldError> {
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PHOTO_PIXELS || decoder.total_bytes() > MAX_PHOTO_PIXELS * 4 {
        return Err(refuse(&format!(
            "This photo is {width} × {height} pixels; the limit is {} megapixels. Export it smaller and retry.",
            MAX_PHOTO_PIXELS / 1_000_000
        )));
    }
    Ok(())
}

/// JPEG has no transparency: transparent parts of a PNG or WebP become white, not black.
/// The RGBA pixels are packed into RGB in their own buffer, so no second full-size copy.
fn on_white(picture: DynamicImage) -> DynamicImage {
    if !picture.color().has_alpha() {
        return DynamicImage::ImageRgb8(picture.into_rgb8());
    }
    let rgba = picture.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut pixels = rgba.into_raw();
    let count = pixels.len() / 4;
    for at in 0..count {
        let alpha = u16::from(pixels[at * 4 + 3]);
        for channel in 0..3 {
            let colour = u16::from(pixels[at * 4 + channel]);
            // Moving pixel `at` to 3 * at never overwrites a pixel not yet read.
            pixels[at * 3 + channel] = ((colour * alpha + 255 * (255 - alpha)) / 255) as u8;
        }
    }
    pixels.truncate(count * 3);
    pixels.shrink_to_fit();
    let flattened = RgbImage::from_raw(width, height, pixels).expect("three bytes per pixel");
    DynamicImage::ImageRgb8(flattened)
}

fn encode_jpeg(picture: &DynamicImage) -> Result<Vec<u8>, FieldError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(picture)
        .map_err(|_| refuse("This image could not be converted."))?;
    Ok(out)
}

/// Where the end-of-image marker ends, walking the segments from the start-of-image marker:
/// marker segments carry their length; entropy-coded scan data runs until the next marker
/// that is neither a stuffed 0xFF00 nor a restart marker.
fn jpeg_end(bytes: &[u8]) -> Option<usize> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            0xD9 => return Some(at + 2),
            0x01 | 0xD0..=0xD7 => at += 2,
            _ => {
                let length = usize::from(u16::from_be_bytes([
                    *bytes.get(at + 2)?,
                    *bytes.get(at + 3)?,
                ]));
                at = at.checked_add(2 + length)?;
                if marker == 0xDA {
                    at = scan_data_end(bytes, at)?;
                }
            }
        }
    }
}

fn scan_data_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let next = at + bytes.get(at..)?.iter().position(|b| *b == 0xFF)?;
        match *bytes.get(next + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => at = next + 1,
            _ => return Some(next),
        }
    }
}

/// Where the IEND chunk ends, walking the chunk list from the signature.
fn png_end(bytes: &[u8]) -> Option<usize> {
    let mut offset = 8;
    loop {
        let length = u32::from_be_bytes(bytes.get(offset..offset + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(offset + 4..offset + 8)?;
        let end = offset.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        if kind == b"IEND" {
            return Some(end);
        }
        offset = end;
    }
}

/// A RIFF container states its own size.
fn webp_end(bytes: &[u8]) -> Option<usize> {
    let size = u32::from_le_bytes(bytes.get(4..8)?.try_into().ok()?) as usize;
    let end = size.checked_add(8)?;
    (end <= bytes.len()).then_some(end + (end % 2).min(bytes.len() - end))
}

/// Markup that browsers or servers might execute if the file were ever served as is.
fn contains_markup(bytes: &[u8]) -> bool {
    const NEEDLES: [&[u8]; 4] = [b"<script", b"<html", b"<?php", b"<svg"];
    bytes.windows(8).any(|window| {
        NEEDLES
            .iter()
            .any(|needle| window[..needle.len()].eq_ignore_ascii_case(needle))
    })
}

/// Where photos live. Keys are random, so stored files never change and can be cached
/// forever.
#[derive(Clone, Debug)]
pub struct MediaStore {
    store: Arc<dyn ObjectStore>,
}

impl MediaStore {
    /// Files under a local directory (created if missing): the default, `./data/media`.
    pub fn local(directory: impl AsRef<std::path::Path>) -> Result<Self, ServiceError> {
        std::fs::create_dir_all(directory.as_ref())
            .map_err(|e| ServiceError::Storage(format!("creating the media directory: {e}")))?;
        let store = LocalFileSystem::new_with_prefix(directory)
            .map_err(|e| ServiceError::Storage(e.to_string()))?;
        Ok(Self {
            store: Arc::new(store),
        })
    }

    /// An S3-compatible bucket; credentials, region and endpoint come from the usual AWS_*
    /// environment variables (AWS_ENDPOINT for MinIO, R2 and the like).
    pub fn s3(bucket: &str) -> Result<Self, ServiceError> {
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| ServiceError::Storage(e.to_string()))?;
        Ok(Self {
            store: Arc::new(store),
        })
    }

    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), ServiceError> {
        self.store
            .put(&Path::from(name), PutPayload::from(bytes))
            .await
            .map_err(|e| ServiceError::Storage(e.to_string()))?;
        Ok(())
    }

    /// The file's bytes, or `None` when there is no such file.
    pub async fn get(&self, name: &str) -> Result<Option<Bytes>, ServiceError> {
        match self.store.get(&Path::from(name)).await {
            Ok(found) => Ok(Some(
                found
                    .bytes()
                    .await
                    .map_err(|e| ServiceError::Storage(e.to_string()))?,
            )),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(ServiceError::Storage(e.to_string())),
        }
    }

    /// Removes a file; one that is already gone is not an error.
    pub async fn delete(&self, name: &str) -> Result<(), ServiceError> {
        match self.store.delete(&Path::from(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(ServiceError::Storage(e.to_string())),
        }
    }
}

/// Photos decoded at once in this process: one per core. The rest wait their turn, so memory
/// stays within a few photos' worth however many arrive together.
static DECODING_TURNS: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, |cores| cores.get()))
});

/// A photo sent with a post or a question, with what it shows (empty when nothing was said).
#[derive(Debug, Clone, Default)]
pub struct PhotoUpload {
    pub bytes: Bytes,
    pub alt: String,
}

/// A photo as stored: the random key its two files are named by, and its size.
#[derive(Debug, Clone)]
pub struct StoredPhoto {
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub byte_size: i64,
}

impl MediaStore {
    /// Checks and re-encodes an upload, then stores the photo and its thumbnail. A refused
    /// upload stores nothing; a failure halfway removes what was already written.
    pub async fn store_photo(&self, upload: Bytes) -> Result<StoredPhoto, ServiceError> {
        let processed = {
            let _turn = DECODING_TURNS
                .acquire()
                .await
                .map_err(|e| ServiceError::Storage(format!("photo processing stopped: {e}")))?;
            tokio::task::spawn_blocking(move || process_upload(&upload))
                .await
                .map_err(|e| ServiceError::Storage(format!("photo processing stopped: {e}")))??
        };
        let key = uuid::Uuid::new_v4().simple().to_string();
        let byte_size = (processed.full.len() + processed.thumbnail.len()) as i64;
        let stored = async {
            self.put(&full_name(&key), processed.full).await?;
            self.put(&thumbnail_name(&key), processed.thumbnail).await
        }
        .await;
        if let Err(error) = stored {
            self.remove_photo(&key).await;
            return Err(error);
        }
        Ok(StoredPhoto {
            key,
            width: processed.width,
            height: processed.height,
            byte_size,
        })
    }

    /// Stores every photo sent with one post or question, or none of them: a refused photo
    /// removes those stored before it, and its refusal names `field`.
    pub async fn store_photos(
        &self,
        uploads: Vec<Bytes>,
        field: &str,
    ) -> Result<Vec<StoredPhoto>, ServiceError> {
        let mut stored = Vec::with_capacity(uploads.len());
        for upload in uploads {
            match self.store_photo(upload).await {
                Ok(photo) => stored.push(photo),
                Err(error) => {
                    self.remove_photos(&stored).await;
                    return Err(pointed_at(error, field));
                }
            }
        }
        Ok(stored)
    }

    /// Removes photos stored for something that was then not saved.
    pub async fn remove_photos(&self, stored: &[StoredPhoto]) {
        for photo in stored {
            self.remove_photo(&photo.key).await;
        }
    }

    /// Best effort: a file left behind wastes space but shows nowhere, so it is logged.
    pub async fn remove_photo(&self, key: &str) {
        for name in [full_name(key), thumbnail_name(key)] {
            if let Err(error) = self.delete(&name).await {
                tracing::warn!(%error, name, "could not remove a photo file");
            }
        }
    }
}

/// Names of the two files stored for a photo.
/// Where stored photo files are served from.
pub const MEDIA_PATH: &str = "/media";

/// The address a stored photo is served at, full size.
pub fn full_url(storage_key: &str) -> String {
    format!("{MEDIA_PATH}/{}", full_name(storage_key))
}

/// The address of a stored photo's square thumbnail.
pub fn thumbnail_url(storage_key: &str) -> String {
    format!("{MEDIA_PATH}/{}", thumbnail_name(storage_key))
}

pub fn full_name(storage_key: &str) -> String {
    format!("{storage_key}.jpg")
}

pub fn thumbnail_name(storage_key: &str) -> String {
    format!("{storage_key}-thumb.jpg")
}

/// The photo key a file name we wrote is named by, or None for any other name.
pub fn key_of(name: &str) -> Option<&str> {
    is_media_name(name).then(|| {
        let stem = name.strip_suffix(".jpg").unwrap_or(name);
        stem.strip_suffix("-thumb").unwrap_or(stem)
    })
}

/// Whether a requested file name is one we could have written (32 hex digits, optionally
/// `-thumb`, `.jpg`): anything else is refused before it reaches storage.
pub fn is_media_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".jpg") else {
        return false;
    };
    let key = stem.strip_suffix("-thumb").unwrap_or(stem);
    key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A refusal of one photo among several, pointed at the field that holds them all.
fn pointed_at(error: ServiceError, field: &str) -> ServiceError {
    match error {
        ServiceError::Invalid(problems) => ServiceError::Invalid(
            problems
                .into_iter()
                .map(|problem| FieldError::new(field, problem.message))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb, Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbaImage::from_pixel(width, height, Rgba([200, 40, 40, 128]));
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(&picture, width, height, image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture =
            DynamicImage::ImageRgb8(RgbImage::from_pixel(width, height, Rgb([10, 120, 60])));
        encode_jpeg(&picture).unwrap()
    }

    #[test]
    fn a_large_png_becomes_a_bounded_jpeg_and_a_square_thumbnail() {
        let photo = process_upload(&png(2400, 1200)).unwrap();
        assert_eq!((photo.width, photo.height), (1600, 800));
        assert_eq!(image::guess_format(&photo.full).unwrap(), ImageFormat::Jpeg);
        let thumbnail = image::load_from_memory(&photo.thumbnail).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (400, 400));
    }

    #[test]
    fn half_transparent_pixels_are_blended_onto_white() {
        let photo = process_upload(&png(300, 300)).unwrap();
        let pixel = image::load_from_memory(&photo.full)
            .unwrap()
            .to_rgb8()
            .get_pixel(10, 10)
            .0;
        assert!(
            pixel[0] > 200 && pixel[1] > 120,
            "{pixel:?} is not blended onto white"
        );
    }

    /// A JPEG carrying an EXIF block: orientation 6 (turn 90° clockwise) and a fake GPS note.
    fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
        let plain = jpeg(width, height);
        let mut tiff = b"Exif\0\0MM\0*\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        tiff.extend_from_slice(b"GPS 38.7223N 9.1393W home of the chef");
        let length = (tiff.len() + 2) as u16;
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with_exif.extend_from_slice(&length.to_be_bytes());
        with_exif.extend_from_slice(&tiff);
        with_exif.extend_from_slice(&plain[2..]);
        with_exif
    }

    #[test]
    fn exif_turns_the_photo_upright_and_then_is_gone() {
        let upload = jpeg_with_exif(300, 200);
        assert!(upload.windows(4).any(|w| w == b"Exif"));
        let photo = process_upload(&upload).unwrap();
        assert_eq!(
            (photo.width, photo.height),
            (200, 300),
            "turned as EXIF says"
        );
        for stored in [&photo.full, &photo.thumbnail] {
            assert!(
                !stored.windows(4).any(|w| w == b"Exif"),
                "no EXIF block is stored"
            );
            assert!(
                !stored.windows(3).any(|w| w == b"GPS"),
                "no location is stored"
            );
        }
    }

    #[test]
    fn a_jpeg_with_a_zip_glued_on_is_a_polyglot_and_refused() {
        let mut polyglot = jpeg(300, 300);
        polyglot.extend_from_slice(b"PK\x03\x04hidden archive");
        let error = process_upload(&polyglot).unwrap_err();
        assert!(
            error.message.contains("other data after the image"),
            "{error}"
        );
    }

    #[test]
    fn a_png_hiding_a_script_after_its_end_is_refused() {
        let mut polyglot = png(300, 300);
        polyglot.extend_from_slice(b"<script>alert(1)</script>");
        assert!(process_upload(&polyglot).is_err());
    }

    #[test]
    fn a_script_named_photo_jpg_is_not_a_photo() {
        let error = process_upload(b"<html><script>alert(1)</script></html>").unwrap_err();
        assert!(error.message.contains("not a photo"), "{error}");
    }

    #[test]
    fn a_gif_is_refused_even_though_it_is_an_image() {
        let error = process_upload(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap_err();
        assert!(error.message.contains("Only JPEG, PNG or WebP"), "{error}");
    }

    #[test]
    fn a_truncated_jpeg_is_refused_as_damaged() {
        let whole = jpeg(300, 300);
        assert!(process_upload(&whole[..whole.len() / 2]).is_err());
    }

    #[test]
    fn a_photo_over_the_pixel_limit_is_refused_from_its_header() {
        // 11,000 × 11,000 of one colour compresses to a small file but would decode to 484 MB.
        let huge = RgbImage::from_pixel(11_000, 11_000, Rgb([250, 250, 250]));
        let mut bomb = Vec::new();
        image::codecs::png::PngEncoder::new(&mut bomb)
            .write_image(&huge, 11_000, 11_000, image::ExtendedColorType::Rgb8)
            .unwrap();
        drop(huge);
        assert!(bomb.len() < domain::photos::MAX_PHOTO_BYTES);
        let error = process_upload(&bomb).unwrap_err();
        assert!(error.message.contains("11000 × 11000"), "{error}");
        assert!(error.message.contains("25 megapixels"), "{error}");
    }

    #[test]
    fn a_tiny_image_is_refused() {
        let error = process_upload(&png(50, 50)).unwrap_err();
        assert!(error.message.contains("too small"), "{error}");
    }

    #[test]
    fn only_names_we_generate_can_be_requested() {
        let key = uuid::Uuid::new_v4().simple().to_string();
        assert!(is_media_name(&full_name(&key)));
        assert!(is_media_name(&thumbnail_name(&key)));
        assert!(!is_media_name("../../etc/passwd.jpg"));
        assert!(!is_media_name(&format!("{key}.png")));
    }
}
