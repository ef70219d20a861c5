//! Photo uploads cost bounded memory, however large the picture inside a small file claims
//! to be. Alone in its own test binary (its own process), so the peak resident set it reads
//! from /proc is this test's and no other's.

use backend::MediaStore;
use bytes::Bytes;
use image::{codecs::jpeg::JpegEncoder, codecs::png::PngEncoder, ImageEncoder, Rgb, RgbImage};

const BUDGET_BYTES: u64 = 300 * 1024 * 1024;

/// Peak resident memory of this process since the last reset, in bytes.
fn peak_resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    let kilobytes: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number of kB");
    kilobytes * 1024
}

/// Starts measuring the peak afresh from the current resident set.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak can be reset");
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut file = Vec::new();
    PngEncoder::new(&mut file)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    file
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut file = Vec::new();
    JpegEncoder::new_with_quality(&mut file, 80)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    file
}

/// The growth of the peak while three uploads are processed at once.
async fn peak_growth_storing_three(media: &MediaStore, upload: Vec<u8>) -> (u64, Vec<bool>) {
    let upload = Bytes::from(upload);
    reset_peak();
    let before = peak_resident();
    let (a, b, c) = tokio::join!(
        media.store_photo(upload.clone()),
        media.store_photo(upload.clone()),
        media.store_photo(upload.clone()),
    );
    let growth = peak_resident().saturating_sub(before);
    (growth, vec![a.is_ok(), b.is_ok(), c.is_ok()])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_uploads_at_once_stay_within_the_memory_budget() {
    let folder = tempfile::tempdir().unwrap();
    let media = MediaStore::local(folder.path()).unwrap();

    // 11,000 × 11,000 px in about a megabyte: 363 MB of pixels if it were decoded.
    let bomb = png(11_000, 11_000);
    assert!(
        bomb.len() < domain::photos::MAX_PHOTO_BYTES,
        "{} bytes",
        bomb.len()
    );
    let (growth, stored) = peak_growth_storing_three(&media, bomb).await;
    assert_eq!(
        stored,
        [false, false, false],
        "the oversized photo is refused"
    );
    assert!(growth < BUDGET_BYTES, "peak grew by {} MB", growth >> 20);

    // A 12-megapixel phone photo is accepted, three at once within the same budget.
    let (growth, stored) = peak_growth_storing_three(&media, jpeg(4000, 3000)).await;
    assert_eq!(stored, [true, true, true], "a phone photo is stored");
    assert!(growth < BUDGET_BYTES, "peak grew by {} MB", growth >> 20);
}
