//! The site's icons, drawn as inline SVG in the text colour: they render the same on every
//! machine, where an emoji shows as an empty box without an emoji font. Decorative: the
//! control around an icon carries the words (a label or `aria-label`).

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Bell,
    Menu,
    Close,
    Star,
    Heart,
    HeartOutline,
    Brand,
}

impl Icon {
    /// Paths on a 24×24 grid; filled shapes use `fill`, line drawings `stroke`.
    fn paths(self) -> (&'static str, bool) {
        match self {
            Icon::Bell => (
                "M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Z M10 20.5a2 2 0 0 0 4 0",
                false,
            ),
            Icon::Menu => ("M4 7h16 M4 12h16 M4 17h16", false),
            Icon::Close => ("M6 6l12 12 M18 6L6 18", false),
            Icon::Star => (
                "M12 2.8l2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3-4.6-4.4 6.3-.9L12 2.8Z",
                true,
            ),
            Icon::Heart => (
                "M12 20.5s-7.5-4.6-9.2-9.3C1.7 8 3.6 4.5 7 4.5c2 0 3.3 1 5 2.9 1.7-1.9 3-2.9 5-2.9 3.4 0 5.3 3.5 4.2 6.7-1.7 4.7-9.2 9.3-9.2 9.3Z",
                true,
            ),
            Icon::HeartOutline => (
                "M12 20.5s-7.5-4.6-9.2-9.3C1.7 8 3.6 4.5 7 4.5c2 0 3.3 1 5 2.9 1.7-1.9 3-2.9 5-2.9 3.4 0 5.3 3.5 4.2 6.7-1.7 4.7-9.2 9.3-9.2 9.3Z",
                false,
            ),
            Icon::Brand => (
                "M12 1.5l2.6 7.9 7.9 2.6-7.9 2.6L12 22.5l-2.6-7.9L1.5 12l7.9-2.6L12 1.5Z",
                true,
            ),
        }
    }
}

#[component]
pub fn IconSvg(icon: Icon, #[prop(optional)] class: &'static str) -> impl IntoView {
    let (path, filled) = icon.paths();
    let class = if class.is_empty() {
        "icon".to_owned()
    } else {
        format!("icon {class}")
    };
    view! {
        <svg class=class viewBox="0 0 24 24" aria-hidden="true" focusable="false"
            fill=if filled { "currentColor" } else { "none" }
            stroke=if filled { "none" } else { "currentColor" }
            stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=path />
        </svg>
    }
}

/// A rating as five stars, the filled share matching the average (to the half star), with
/// the number (and the count of reviews, for an average) beside it, and in words for
/// screen readers.
#[component]
pub fn StarRating(average: f64, #[prop(optional)] count: Option<u32>) -> impl IntoView {
    let halves = (average.clamp(0.0, 5.0) * 2.0).round() as u32;
    let words = match count {
        Some(count) => format!(
            "Rated {average:.1} of 5 from {}",
            domain::words::plural(count as usize, "review", "reviews")
        ),
        None => format!("Rated {average:.1} of 5"),
    };
    view! {
        <span class="stars" data-testid="star-rating" title=words.clone()>
            <span class="visually-hidden">{words.clone()}</span>
            <span class="stars-row" aria-hidden="true">
                {(1..=5u32).map(|star| {
                    if halves >= star * 2 {
                        view! { <span class="star star-full"><IconSvg icon=Icon::Star /></span> }.into_any()
                    } else if halves + 1 == star * 2 {
                        // A grey star with its left half painted over.
                        view! {
                            <span class="star star-half">
                                <IconSvg icon=Icon::Star />
                                <span class="star-fill"><IconSvg icon=Icon::Star /></span>
                            </span>
                        }.into_any()
                    } else {
                        view! { <span class="star"><IconSvg icon=Icon::Star /></span> }.into_any()
                    }
                }).collect_view()}
            </span>
            <span class="stars-number" aria-hidden="true">{format!("{average:.1}")}</span>
            {count.map(|count| view! { <span class="stars-count" aria-hidden="true">{format!("({count})")}</span> })}
        </span>
    }
}

/// A chef's stars on a card or a result, or "New on Chef Galaxy" before any review shows.
#[component]
pub fn ChefRating(rating: Option<domain::catalog::RatingSummary>) -> impl IntoView {
    match rating {
        Some(rating) => {
            view! { <StarRating average=rating.average count=rating.count /> }.into_any()
        }
        None => view! { <span class="stars stars-none" data-testid="no-rating">"New on Chef Galaxy"</span> }
            .into_any(),
    }
}
