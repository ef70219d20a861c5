//! Posts and comments as HTML: a Markdown subset (paragraphs, emphasis, lists, quotes, code,
//! links) rendered by pulldown-cmark, `#tags` and `@mentions` turned into links by the
//! domain's tokenizer, and the result cleaned by ammonia to an allow-list. Raw HTML written by
//! a person is shown as text; whatever slips through the renderer, ammonia removes.

use domain::social::text::{tokens, Token};
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;

/// The tags a rendered post may hold: nothing that runs, loads or lays out.
const ALLOWED_TAGS: &[&str] = &[
    "p",
    "br",
    "em",
    "strong",
    "del",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut cleaner = ammonia::Builder::default();
    cleaner
        .tags(ALLOWED_TAGS.iter().copied().collect::<HashSet<_>>())
        .tag_attributes(Default::default())
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(["http", "https"].into_iter().collect())
        // People's links are theirs, not ours: no referrer, no ranking credit.
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .url_relative(ammonia::UrlRelative::PassThrough);
    cleaner
});

/// `text` as safe HTML for a post or comment.
pub fn render(text: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut in_link_or_code = 0usize;
    let mut events = Vec::new();
    for event in Parser::new_ext(text, options) {
        match event {
            // Written HTML is shown as the person typed it, never interpreted.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            // Headings and images are not part of the subset: their words stay, as a paragraph.
            Event::Start(Tag::Heading { .. }) => events.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::Heading(_)) => events.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::CodeBlock(_)) => {
                in_link_or_code += 1;
                events.push(event);
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::CodeBlock) => {
                in_link_or_code = in_link_or_code.saturating_sub(1);
                events.push(event);
            }
            Event::Text(words) if in_link_or_code == 0 => linked_words(&words, &mut events),
            other => events.push(other),
        }
    }
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events.into_iter());
    CLEANER.clean(&unsafe_html).to_string()
}

/// Words with their tags and mentions as links to the tag's page and the person's profile.
fn linked_words<'a>(words: &str, events: &mut Vec<Event<'a>>) {
    for token in tokens(words) {
        match token {
            Token::Words(plain) => events.push(Event::Text(plain.to_owned().into())),
            Token::Tag { written, tag } => {
                link(events, format!("/t/{}", path_segment(&tag)), written)
            }
            Token::Mention { written, handle } => link(events, format!("/u/{handle}"), written),
        }
    }
}

fn link<'a>(events: &mut Vec<Event<'a>>, href: String, written: &str) {
    events.push(Event::Start(Tag::Link {
        link_type: pulldown_cmark::LinkType::Inline,
        dest_url: href.into(),
        title: "".into(),
        id: "".into(),
    }));
    events.push(Event::Text(written.to_owned().into()));
    events.push(Event::End(TagEnd::Link));
}

/// A tag as one piece of a path: letters kept, anything else percent-encoded.
pub fn path_segment(tag: &str) -> String {
    let mut encoded = String::new();
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            encoded.push(c);
        } else {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_lists_and_links_are_rendered() {
        let html = render(
            "Some **bold** and *soft* words\n\n- one\n- two\n\n[menu](https://example.com/m)",
        );
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<em>soft</em>"));
        assert!(html.contains("<li>one</li>"));
        assert!(html.contains(
            r#"<a href="https://example.com/m" rel="nofollow noopener noreferrer ugc">menu</a>"#
        ));
    }

    #[test]
    fn tags_and_mentions_become_links_but_not_inside_code() {
        let html = render("Ramen with @ana_cooks #ramen\n\n```\n#include <stdio.h>\n```");
        assert!(html.contains(r#"<a href="/u/ana_cooks""#), "{html}");
        assert!(html.contains(r#"<a href="/t/ramen""#), "{html}");
        assert!(html.contains("#include &lt;stdio.h&gt;"), "{html}");
        assert!(!html.contains("/t/include"), "{html}");
    }

    #[test]
    fn script_and_markup_never_come_out_as_markup() {
        for payload in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "![x](https://example.com/x.png\" onerror=\"alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "#<script>alert(1)</script>",
            "@<svg/onload=alert(1)>",
            "<iframe src=//evil.example>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<style>body{display:none}</style>",
        ] {
            let html = render(payload);
            assert_only_allowed_markup(payload, &html);
        }
    }

    /// Every tag in `html` is on the allow-list, with only `href` (to the web or this site),
    /// `rel` and `start` attributes: whatever the text says, nothing else is markup.
    fn assert_only_allowed_markup(payload: &str, html: &str) {
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            let close = rest[open..].find('>').expect("every tag closes") + open;
            let tag = &rest[open + 1..close];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                ALLOWED_TAGS.contains(&name.as_str()),
                "{payload:?} gave <{tag}> in {html:?}"
            );
            for (key, value) in attributes(tag) {
                assert!(
                    ["href", "rel", "start"].contains(&key),
                    "{payload:?} gave {key}= in {html:?}"
                );
                if key == "href" {
                    let web_or_here = value.starts_with("https://")
                        || value.starts_with("http://")
                        || (value.starts_with('/') && !value.starts_with("//"));
                    assert!(web_or_here, "{payload:?} gave href={value}");
                }
            }
            rest = &rest[close + 1..];
        }
    }

    /// The `key="value"` pairs of a tag as ammonia writes them (values always quoted).
    fn attributes(tag: &str) -> Vec<(&str, &str)> {
        let mut found = Vec::new();
        let mut rest = tag
            .split_once(char::is_whitespace)
            .map_or("", |(_, after)| after);
        while let Some((key, after)) = rest.trim_start().split_once("=\"") {
            let (value, after) = after.split_once('"').expect("a quoted value closes");
            found.push((key.trim(), value));
            rest = after;
        }
        assert!(
            rest.trim().trim_end_matches('/').is_empty(),
            "unquoted attribute in <{tag}>"
        );
        found
    }

    #[test]
    fn written_html_is_shown_as_the_text_typed() {
        assert_eq!(
            render("a <b>bold</b> claim"),
            "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>\n"
        );
    }

    #[test]
    fn headings_and_images_are_left_out_of_the_subset_but_keep_their_words() {
        let html = render("# Big\n\n![a plate](https://example.com/p.jpg)");
        assert!(html.contains("<p>Big</p>"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a plate"), "{html}");
    }

    #[test]
    fn a_tag_with_accents_links_to_an_encoded_path() {
        assert_eq!(path_segment("crème"), "cr%C3%A8me");
        assert!(render("#crème").contains(r#"href="/t/cr%C3%A8me""#));
    }
}
