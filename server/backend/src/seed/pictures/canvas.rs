//! A small painter for the demo pictures: ellipses with soft edges, blended onto a canvas
//! of float colours, then encoded as JPEG.

use image::{codecs::jpeg::JpegEncoder, Rgb, RgbImage};

use crate::seed::Dice;

pub(super) type Colour = [f32; 3];

pub(super) const WHITE: Colour = [250.0, 249.0, 246.0];

/// An ellipse, possibly turned by `angle` radians.
#[derive(Clone, Copy)]
pub(super) struct Shape {
    centre: (f32, f32),
    radii: (f32, f32),
    angle: f32,
}

impl Shape {
    pub(super) fn circle(centre: (f32, f32), radius: f32) -> Self {
        Self::ellipse(centre, (radius, radius))
    }

    pub(super) fn ellipse(centre: (f32, f32), radii: (f32, f32)) -> Self {
        Self {
            centre,
            radii,
            angle: 0.0,
        }
    }

    pub(super) fn turned(self, angle: f32) -> Self {
        Self { angle, ..self }
    }
}

pub(super) struct Canvas {
    pixels: Vec<Colour>,
    width: u32,
    height: u32,
}

impl Canvas {
    pub(super) fn new(width: u32, height: u32) -> Self {
        Self {
            pixels: vec![WHITE; (width * height) as usize],
            width,
            height,
        }
    }

    pub(super) fn vertical_gradient(&mut self, top: Colour, bottom: Colour) {
        for y in 0..self.height {
            let t = y as f32 / self.height as f32;
            let colour = mix(top, bottom, t);
            let row = (y * self.width) as usize;
            self.pixels[row..row + self.width as usize].fill(colour);
        }
    }

    /// A woven cloth: the colour with faint threads both ways and light falling off.
    pub(super) fn linen(&mut self, colour: Colour, dice: &mut Dice) {
        let phase = dice.unit() * 6.0;
        let warp: Vec<f32> = (0..self.width)
            .map(|x| (x as f32 * 0.9 + phase).sin() * 3.0)
            .collect();
        for y in 0..self.height {
            let weft = (y as f32 * 0.8).sin() * 3.0;
            let fall_off = 1.0 - 0.18 * (y as f32 / self.height as f32);
            for x in 0..self.width {
                let pixel = &mut self.pixels[(y * self.width + x) as usize];
                *pixel = colour.map(|channel| channel * fall_off + warp[x as usize] + weft);
            }
        }
    }

    /// Paints `shape` in `colour` at `opacity`, its edge blurred over `feather` pixels.
    pub(super) fn ellipse(&mut self, shape: Shape, colour: Colour, opacity: f32, feather: f32) {
        let feather = feather.max(1.0);
        let reach = shape.radii.0.max(shape.radii.1) + feather;
        let (cx, cy) = shape.centre;
        let x0 = (cx - reach).floor().max(0.0) as u32;
        let y0 = (cy - reach).floor().max(0.0) as u32;
        let x1 = ((cx + reach).ceil() as u32).min(self.width);
        let y1 = ((cy + reach).ceil() as u32).min(self.height);
        let (sin, cos) = shape.angle.sin_cos();
        let smaller = shape.radii.0.min(shape.radii.1).max(0.5);
        for y in y0..y1 {
            for x in x0..x1 {
                let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                let (u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
                let reach = ((u / shape.radii.0).powi(2) + (v / shape.radii.1).powi(2)).sqrt();
                let outside = (reach - 1.0) * smaller;
                let coverage = (0.5 - outside / feather).clamp(0.0, 1.0) * opacity;
                if coverage > 0.0 {
                    let pixel = &mut self.pixels[(y * self.width + x) as usize];
                    *pixel = mix(*pixel, colour, coverage);
                }
            }
        }
    }

    pub(super) fn jpeg(self) -> Vec<u8> {
        let picture = RgbImage::from_fn(self.width, self.height, |x, y| {
            let colour = self.pixels[(y * self.width + x) as usize];
            Rgb(colour.map(|channel| channel.round().clamp(0.0, 255.0) as u8))
        });
        let mut bytes = Vec::new();
        JpegEncoder::new_with_quality(&mut bytes, 92)
            .encode_image(&picture)
            .expect("encoding a picture in memory cannot fail");
        bytes
    }
}

pub(super) fn mix(from: Colour, to: Colour, t: f32) -> Colour {
    [0, 1, 2].map(|i| from[i] + (to[i] - from[i]) * t)
}

pub(super) fn lighter(colour: Colour, by: f32) -> Colour {
    mix(colour, [255.0; 3], by)
}

pub(super) fn darker(colour: Colour, by: f32) -> Colour {
    mix(colour, [0.0; 3], by)
}
