//! Pictures for the demo data, painted here so the repository carries no image files: a
//! plated dish for each gallery photo, coloured from the dish's ingredients and laid out by
//! its course, and an illustrated portrait for each chef. Deterministic: the same dice give
//! the same picture. They go through the media pipeline like any upload.

use domain::catalog::Course;

use super::Dice;

mod canvas;

use canvas::{darker, lighter, Canvas, Colour, Shape, WHITE};

const INK: Colour = [40.0, 34.0, 30.0];

/// Colours of ingredients, looked up by a word in the ingredient's name.
#[rustfmt::skip]
const INGREDIENT_COLOURS: &[(&str, Colour)] = &[
    ("tomato", [200.0, 55.0, 40.0]), ("pepper", [205.0, 62.0, 38.0]), ("chilli", [190.0, 40.0, 30.0]),
    ("carrot", [230.0, 120.0, 40.0]), ("mango", [248.0, 176.0, 48.0]), ("pineapple", [244.0, 200.0, 70.0]),
    ("lemon", [244.0, 218.0, 80.0]), ("saffron", [236.0, 170.0, 40.0]), ("beetroot", [150.0, 30.0, 70.0]),
    ("aubergine", [92.0, 50.0, 92.0]), ("fruit", [222.0, 80.0, 102.0]), ("salmon", [244.0, 140.0, 100.0]),
    ("tuna", [188.0, 52.0, 62.0]), ("prawn", [240.0, 122.0, 82.0]), ("clam", [206.0, 176.0, 128.0]),
    ("bass", [232.0, 222.0, 202.0]), ("cod", [236.0, 226.0, 206.0]), ("beef", [116.0, 58.0, 38.0]),
    ("lamb", [132.0, 70.0, 48.0]), ("pork", [196.0, 112.0, 70.0]), ("chouriço", [168.0, 52.0, 38.0]),
    ("lardons", [176.0, 86.0, 70.0]), ("chicken", [214.0, 148.0, 78.0]), ("mushroom", [138.0, 98.0, 62.0]),
    ("porcini", [150.0, 108.0, 66.0]), ("chocolate", [78.0, 44.0, 30.0]), ("cocoa", [96.0, 58.0, 40.0]),
    ("espresso", [70.0, 42.0, 28.0]), ("matcha", [130.0, 170.0, 80.0]), ("pistachio", [150.0, 180.0, 90.0]),
    ("walnut", [160.0, 110.0, 70.0]), ("almond", [196.0, 150.0, 100.0]), ("avocado", [140.0, 172.0, 62.0]),
    ("kale", [62.0, 112.0, 52.0]), ("basil", [70.0, 136.0, 56.0]), ("parsley", [78.0, 146.0, 60.0]),
    ("dill", [96.0, 150.0, 70.0]), ("mint", [90.0, 160.0, 90.0]), ("coriander", [80.0, 140.0, 60.0]),
    ("shiso", [60.0, 120.0, 60.0]), ("edamame", [110.0, 160.0, 60.0]), ("peas", [120.0, 170.0, 70.0]),
    ("courgette", [100.0, 140.0, 60.0]), ("lettuce", [130.0, 180.0, 80.0]), ("capers", [90.0, 110.0, 50.0]),
    ("olive", [90.0, 96.0, 44.0]), ("lentil", [112.0, 120.0, 62.0]), ("chickpea", [210.0, 168.0, 96.0]),
    ("cauliflower", [236.0, 226.0, 198.0]), ("potato", [232.0, 200.0, 128.0]), ("onion", [212.0, 160.0, 92.0]),
    ("rice", [238.0, 228.0, 196.0]), ("flour", [226.0, 190.0, 122.0]), ("filo", [222.0, 178.0, 100.0]),
    ("pastry", [220.0, 170.0, 92.0]), ("tortilla", [226.0, 196.0, 120.0]), ("pita", [222.0, 186.0, 124.0]),
    ("baguette", [206.0, 152.0, 84.0]), ("burrata", [246.0, 240.0, 226.0]), ("mascarpone", [244.0, 232.0, 204.0]),
    ("cream", [246.0, 236.0, 212.0]), ("yoghurt", [246.0, 244.0, 236.0]), ("milk", [246.0, 240.0, 224.0]),
    ("egg", [246.0, 206.0, 84.0]), ("cinnamon", [182.0, 112.0, 58.0]), ("honey", [222.0, 160.0, 52.0]),
];

const TABLECLOTHS: &[Colour] = &[
    [120.0, 138.0, 118.0],
    [92.0, 110.0, 136.0],
    [176.0, 112.0, 88.0],
    [150.0, 132.0, 110.0],
    [70.0, 74.0, 82.0],
    [196.0, 180.0, 150.0],
];

const BACKDROPS: &[Colour] = &[
    [250.0, 222.0, 196.0],
    [214.0, 230.0, 220.0],
    [222.0, 222.0, 244.0],
    [246.0, 230.0, 170.0],
    [236.0, 210.0, 222.0],
    [200.0, 222.0, 236.0],
];
const SKIN: &[Colour] = &[
    [246.0, 214.0, 186.0],
    [232.0, 190.0, 150.0],
    [198.0, 146.0, 104.0],
    [160.0, 108.0, 72.0],
    [112.0, 74.0, 50.0],
];
const HAIR: &[Colour] = &[
    [40.0, 30.0, 26.0],
    [92.0, 60.0, 36.0],
    [160.0, 110.0, 60.0],
    [210.0, 170.0, 100.0],
    [120.0, 120.0, 124.0],
];

/// A photo of `course` made of `ingredients`, as JPEG bytes.
pub fn plated_dish(
    course: Course,
    ingredients: &[&str],
    dice: &mut Dice,
    (width, height): (u32, u32),
) -> Vec<u8> {
    let mut palette: Vec<Colour> = ingredients
        .iter()
        .filter_map(|name| {
            INGREDIENT_COLOURS
                .iter()
                .find(|(word, _)| name.to_lowercase().contains(word))
                .map(|(_, colour)| *colour)
        })
        .collect();
    palette.extend([
        [214.0, 150.0, 80.0],
        [90.0, 140.0, 60.0],
        [200.0, 70.0, 50.0],
    ]);

    let mut canvas = Canvas::new(width, height);
    let cloth = *dice.pick(TABLECLOTHS);
    canvas.linen(cloth, dice);
    let (w, h) = (width as f32, height as f32);
    let centre = (
        w * (0.46 + 0.08 * dice.unit()),
        h * (0.48 + 0.06 * dice.unit()),
    );
    let plate = h.min(w) * 0.42;
    // A soft shadow down and to the right, as from a window on the left.
    canvas.ellipse(
        Shape::circle(
            (centre.0 + plate * 0.08, centre.1 + plate * 0.1),
            plate * 1.02,
        ),
        [0.0, 0.0, 0.0],
        0.35,
        plate * 0.12,
    );
    canvas.ellipse(
        Shape::circle(centre, plate),
        [236.0, 234.0, 230.0],
        1.0,
        1.5,
    );
    canvas.ellipse(
        Shape::circle(centre, plate * 0.97),
        WHITE,
        1.0,
        plate * 0.04,
    );
    canvas.ellipse(
        Shape::circle(centre, plate * 0.72),
        [226.0, 224.0, 220.0],
        1.0,
        plate * 0.03,
    );
    canvas.ellipse(
        Shape::circle(centre, plate * 0.69),
        WHITE,
        1.0,
        plate * 0.05,
    );
    let food = Plating {
        centre,
        size: plate * 0.88,
        palette: &palette,
    };
    match course {
        Course::Main => food.main(&mut canvas, dice),
        Course::Dessert => food.dessert(&mut canvas, dice),
        Course::Drink => food.glass(&mut canvas, dice),
        Course::Starter | Course::Canape | Course::Side => food.small_plates(&mut canvas, dice),
    }
    // Light from the top left.
    canvas.ellipse(
        Shape::circle(
            (centre.0 - plate * 0.55, centre.1 - plate * 0.6),
            plate * 0.5,
        ),
        WHITE,
        0.18,
        plate * 0.5,
    );
    canvas.jpeg()
}

/// An illustrated chef in whites and a toque, as JPEG bytes.
pub fn chef_portrait(dice: &mut Dice, side: u32) -> Vec<u8> {
    let mut canvas = Canvas::new(side, side);
    let s = side as f32;
    let backdrop = *dice.pick(BACKDROPS);
    canvas.vertical_gradient(lighter(backdrop, 0.25), backdrop);
    let skin = *dice.pick(SKIN);
    let hair = *dice.pick(HAIR);
    let x = s * 0.5;
    // Shoulders in a white jacket with two rows of buttons.
    canvas.ellipse(
        Shape::ellipse((x, s * 1.06), (s * 0.42, s * 0.34)),
        [226.0, 226.0, 222.0],
        1.0,
        2.0,
    );
    canvas.ellipse(
        Shape::ellipse((x, s * 1.08), (s * 0.40, s * 0.33)),
        WHITE,
        1.0,
        s * 0.02,
    );
    for (dx, dy) in [(-0.06, 0.86), (0.06, 0.86), (-0.06, 0.95), (0.06, 0.95)] {
        canvas.ellipse(
            Shape::circle((x + s * dx, s * dy), s * 0.014),
            [70.0, 70.0, 76.0],
            1.0,
            1.2,
        );
    }
    // Neck, hair behind the face, face, ears.
    canvas.ellipse(
        Shape::ellipse((x, s * 0.72), (s * 0.07, s * 0.09)),
        darker(skin, 0.1),
        1.0,
        1.5,
    );
    let long_hair = dice.below(2) == 0;
    if long_hair {
        for side_x in [-0.15, 0.15] {
            canvas.ellipse(
                Shape::ellipse((x + s * side_x, s * 0.56), (s * 0.075, s * 0.17)),
                hair,
                1.0,
                1.5,
            );
        }
    }
    for side_x in [-0.165, 0.165] {
        canvas.ellipse(
            Shape::ellipse((x + s * side_x, s * 0.52), (s * 0.03, s * 0.045)),
            darker(skin, 0.05),
            1.0,
            1.5,
        );
    }
    canvas.ellipse(
        Shape::ellipse((x, s * 0.51), (s * 0.16, s * 0.19)),
        skin,
        1.0,
        1.5,
    );
    canvas.ellipse(
        Shape::ellipse((x, s * 0.4), (s * 0.165, s * 0.08)),
        hair,
        1.0,
        1.5,
    );
    for eye_x in [-0.06, 0.06] {
        canvas.ellipse(
            Shape::circle((x + s * eye_x, s * 0.5), s * 0.016),
            INK,
            1.0,
            1.2,
        );
    }
    canvas.ellipse(
        Shape::ellipse((x, s * 0.585), (s * 0.05, s * 0.022)),
        [170.0, 70.0, 70.0],
        0.85,
        1.5,
    );
    canvas.ellipse(
        Shape::ellipse((x, s * 0.577), (s * 0.052, s * 0.016)),
        skin,
        1.0,
        1.5,
    );
    for cheek_x in [-0.09, 0.09] {
        canvas.ellipse(
            Shape::circle((x + s * cheek_x, s * 0.56), s * 0.025),
            [230.0, 120.0, 110.0],
            0.25,
            s * 0.02,
        );
    }
    // The toque: a band and a puffed crown.
    for (dx, dy, r) in [
        (-0.1, 0.22, 0.1),
        (0.1, 0.22, 0.1),
        (0.0, 0.17, 0.12),
        (-0.05, 0.26, 0.1),
        (0.05, 0.26, 0.1),
    ] {
        canvas.ellipse(
            Shape::circle((x + s * dx, s * dy), s * r),
            [232.0, 232.0, 228.0],
            1.0,
            1.5,
        );
        canvas.ellipse(
            Shape::circle((x + s * dx, s * (dy - 0.005)), s * (r - 0.008)),
            WHITE,
            1.0,
            s * 0.01,
        );
    }
    canvas.ellipse(
        Shape::ellipse((x, s * 0.345), (s * 0.17, s * 0.045)),
        [236.0, 236.0, 232.0],
        1.0,
        1.5,
    );
    canvas.jpeg()
}

impl Dice {
    /// A uniform value in [0, 1), precise enough for pixels.
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// A uniform value in [-1, 1).
    fn signed(&mut self) -> f32 {
        self.unit() * 2.0 - 1.0
    }
}

struct Plating<'a> {
    centre: (f32, f32),
    size: f32,
    palette: &'a [Colour],
}

impl Plating<'_> {
    fn colour(&self, n: usize) -> Colour {
        self.palette[n % self.palette.len()]
    }

    fn at(&self, dx: f32, dy: f32) -> (f32, f32) {
        (
            self.centre.0 + dx * self.size,
            self.centre.1 + dy * self.size,
        )
    }

    /// A sauce, the main piece with a seared top, a side heaped beside it and greens.
    fn main(&self, canvas: &mut Canvas, dice: &mut Dice) {
        let sauce = darker(self.colour(1), 0.15);
        canvas.ellipse(
            Shape::ellipse(self.at(0.0, 0.05), (self.size * 0.7, self.size * 0.55)),
            sauce,
            0.75,
            self.size * 0.06,
        );
        let side = self.colour(2);
        for _ in 0..14 {
            let (dx, dy) = (-0.35 + 0.25 * dice.signed(), 0.25 + 0.18 * dice.signed());
            let r = self.size * (0.08 + 0.05 * dice.unit());
            canvas.ellipse(
                Shape::circle(self.at(dx, dy), r),
                darker(side, 0.12),
                1.0,
                2.0,
            );
            canvas.ellipse(
                Shape::circle(self.at(dx - 0.01, dy - 0.01), r * 0.85),
                side,
                1.0,
                r * 0.4,
            );
        }
        let piece = self.colour(0);
        let angle = -0.4 + 0.3 * dice.signed();
        canvas.ellipse(
            Shape::ellipse(self.at(0.1, -0.05), (self.size * 0.45, self.size * 0.26)).turned(angle),
            darker(piece, 0.25),
            1.0,
            2.0,
        );
        canvas.ellipse(
            Shape::ellipse(self.at(0.09, -0.08), (self.size * 0.42, self.size * 0.21))
                .turned(angle),
            piece,
            1.0,
            self.size * 0.08,
        );
        canvas.ellipse(
            Shape::ellipse(self.at(0.05, -0.14), (self.size * 0.24, self.size * 0.06))
                .turned(angle),
            lighter(piece, 0.3),
            0.5,
            self.size * 0.05,
        );
        self.greens(canvas, dice, self.at(0.3, 0.22), 5);
    }

    /// A round cake with a glazed top, berries and a dusting of sugar.
    fn dessert(&self, canvas: &mut Canvas, dice: &mut Dice) {
        let base = self.colour(0);
        let top = self.colour(1);
        let body = self.at(-0.05, 0.02);
        canvas.ellipse(
            Shape::ellipse(
                (body.0, body.1 + self.size * 0.12),
                (self.size * 0.42, self.size * 0.3),
            ),
            darker(base, 0.2),
            1.0,
            2.0,
        );
        canvas.ellipse(
            Shape::ellipse(body, (self.size * 0.42, self.size * 0.3)),
            top,
            1.0,
            2.0,
        );
        canvas.ellipse(
            Shape::ellipse(body, (self.size * 0.36, self.size * 0.25)),
            lighter(top, 0.12),
            1.0,
            self.size * 0.05,
        );
        let sauce = darker(self.colour(2), 0.1);
        for n in 0..7 {
            let t = n as f32 / 6.0;
            let at = self.at(0.15 + 0.45 * t, 0.45 - 0.5 * t * t);
            canvas.ellipse(
                Shape::circle(at, self.size * (0.05 - 0.004 * n as f32)),
                sauce,
                0.9,
                2.0,
            );
        }
        for _ in 0..5 {
            let at = self.at(-0.1 + 0.3 * dice.signed(), -0.05 + 0.15 * dice.signed());
            let berry = *dice.pick(&[
                [170.0, 30.0, 60.0],
                [70.0, 50.0, 110.0],
                [210.0, 50.0, 50.0],
            ]);
            canvas.ellipse(
                Shape::circle(at, self.size * 0.06),
                darker(berry, 0.2),
                1.0,
                1.5,
            );
            canvas.ellipse(
                Shape::circle((at.0 - 1.5, at.1 - 1.5), self.size * 0.05),
                berry,
                1.0,
                self.size * 0.02,
            );
        }
        self.greens(canvas, dice, self.at(0.05, -0.2), 2);
        for _ in 0..60 {
            let at = self.at(0.5 * dice.signed(), 0.4 * dice.signed());
            canvas.ellipse(Shape::circle(at, 1.6), WHITE, 0.6, 1.0);
        }
    }

    /// Three to five bites in an arc, each with a topping and a herb.
    fn small_plates(&self, canvas: &mut Canvas, dice: &mut Dice) {
        let bites = 3 + dice.below(3);
        for n in 0..bites {
            let t = (n as f32 + 0.5) / bites as f32;
            let angle = std::f32::consts::PI * (0.15 + 0.7 * t) + 0.1 * dice.signed();
            let at = self.at(0.45 * angle.cos(), 0.35 * angle.sin() - 0.15);
            let r = self.size * (0.21 + 0.03 * dice.unit());
            let base = self.colour(n % 2);
            canvas.ellipse(
                Shape::circle((at.0 + 2.0, at.1 + 3.0), r),
                darker(base, 0.3),
                0.6,
                r * 0.2,
            );
            canvas.ellipse(Shape::circle(at, r), base, 1.0, 2.0);
            canvas.ellipse(
                Shape::circle((at.0 - r * 0.1, at.1 - r * 0.15), r * 0.6),
                self.colour(2 + n % 2),
                0.9,
                r * 0.25,
            );
            self.greens(canvas, dice, (at.0 + r * 0.2, at.1 - r * 0.3), 1);
        }
    }

    /// A tall glass seen from above: rim, drink, ice and a slice.
    fn glass(&self, canvas: &mut Canvas, dice: &mut Dice) {
        let at = self.centre;
        let drink = lighter(self.colour(0), 0.2);
        canvas.ellipse(
            Shape::circle(at, self.size * 0.55),
            [210.0, 216.0, 222.0],
            1.0,
            2.0,
        );
        canvas.ellipse(
            Shape::circle(at, self.size * 0.5),
            drink,
            1.0,
            self.size * 0.05,
        );
        for _ in 0..4 {
            let cube = self.at(0.25 * dice.signed(), 0.25 * dice.signed());
            canvas.ellipse(
                Shape::ellipse(cube, (self.size * 0.1, self.size * 0.08)).turned(dice.signed()),
                WHITE,
                0.55,
                3.0,
            );
        }
        canvas.ellipse(
            Shape::circle(self.at(0.3, -0.25), self.size * 0.16),
            self.colour(0),
            1.0,
            2.0,
        );
        canvas.ellipse(
            Shape::circle(self.at(0.3, -0.25), self.size * 0.12),
            lighter(self.colour(0), 0.35),
            1.0,
            2.0,
        );
        self.greens(canvas, dice, self.at(-0.2, -0.2), 3);
    }

    /// Herb leaves fanned around `at`.
    fn greens(&self, canvas: &mut Canvas, dice: &mut Dice, at: (f32, f32), leaves: usize) {
        let green = *dice.pick(&[
            [70.0, 136.0, 56.0],
            [96.0, 150.0, 70.0],
            [60.0, 112.0, 52.0],
        ]);
        for n in 0..leaves {
            let angle = n as f32 * 1.3 + dice.signed();
            let length = self.size * (0.07 + 0.03 * dice.unit());
            let centre = (at.0 + angle.cos() * length, at.1 + angle.sin() * length);
            canvas.ellipse(
                Shape::ellipse(centre, (length, length * 0.4)).turned(angle),
                green,
                1.0,
                1.5,
            );
            canvas.ellipse(
                Shape::ellipse(centre, (length * 0.8, length * 0.08)).turned(angle),
                lighter(green, 0.3),
                0.7,
                1.0,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> image::RgbImage {
        image::load_from_memory(bytes).unwrap().to_rgb8()
    }

    #[test]
    fn a_dish_is_a_jpeg_of_the_size_asked_with_its_ingredients_colours_on_the_plate() {
        let bytes = plated_dish(
            Course::Main,
            &["beef", "red wine"],
            &mut Dice(7),
            (640, 480),
        );
        let picture = decoded(&bytes);
        assert_eq!(picture.dimensions(), (640, 480));
        let brownish = picture
            .pixels()
            .filter(|p| {
                let [r, g, b] = p.0.map(i32::from);
                r > b + 30 && r < 150 && g < 90
            })
            .count();
        assert!(brownish > 2_000, "the beef shows: {brownish} brown pixels");
    }

    #[test]
    fn the_same_dice_paint_the_same_picture_and_other_dice_another() {
        let paint = |seed| chef_portrait(&mut Dice(seed), 240);
        assert_eq!(paint(3), paint(3));
        assert_ne!(paint(3), paint(4));
    }
}
