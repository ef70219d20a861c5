//! The demo's knowledge section: a couple of hundred food questions asked by the demo's
//! foodies over the last two months, answered by demo chefs (a few asked of one chef from
//! their page), voted on, many with an accepted answer, some still unanswered. Written through
//! the knowledge service on a clock moved through those weeks, so reputation, counts,
//! notifications and rank jobs are what real use would have made. Deterministic, and skipped
//! when any question exists.

use chrono::{DateTime, Duration, Utc};
use domain::{
    account::{CurrentUser, Role},
    knowledge::questions::{VoteDirection, VoteTarget},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

use super::{Dice, DEMO_EMAIL_DOMAIN};
use crate::{
    clock::Clock,
    deps::Deps,
    entities::{questions, users},
    knowledge::{Knowledge, NewQuestion},
    throttle::{Throttle, ANSWERS_PER_ACCOUNT, QUESTIONS_PER_ACCOUNT, VOTES_PER_ACCOUNT},
    ServiceError,
};

const DAYS_OF_QUESTIONS: i64 = 60;
/// Demo chefs who answer (the first ones, who also post).
const ANSWERING_CHEFS: usize = 60;
/// Votes from one person on another's posts stay below the nightly serial-voting check.
const MOST_VOTES_BETWEEN_TWO: u32 = 6;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct KnowledgeReport {
    pub questions: usize,
    pub answers: usize,
    pub votes: usize,
    pub accepted: usize,
}

/// A kind of question people ask, with the things it is asked about. `{x}` in the title,
/// body and answers becomes one of `about`.
struct Topic {
    title: &'static str,
    body: &'static str,
    tags: &'static [&'static str],
    about: &'static [&'static str],
    answers: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        title: "Can I make {x} a day ahead for a dinner party?",
        body: "I'm hosting ten people on Saturday and would love to spend the evening with them rather than at the stove. Can {x} be made the day before without losing too much, and how should I store and reheat it?",
        tags: &["hosting", "menu-planning"],
        about: &["risotto", "beef bourguignon", "tiramisu", "gratin dauphinois", "paella", "panna cotta", "lasagne", "a cheese soufflé", "braised short ribs", "chocolate mousse", "coq au vin", "a pavlova", "moussaka", "a fish pie", "crème brûlée"],
        answers: &[
            "Yes, and for {x} it often improves. Cook it fully, cool it quickly (spread it out, no lid until cold), keep it in the fridge and bring it back gently: low oven, covered, with a splash of liquid. Taste and season again just before serving — flavours dull overnight.",
            "I do this for events every week. The trick with {x} is to stop about 80% of the way, chill it, and finish it in front of your guests. You get the freshness of the last step and almost none of the stress.",
            "Partly. Make every component of {x} ahead, keep them apart, and assemble in the last 20 minutes. Anything crisp or aerated should be done on the day; sauces and braises are better made ahead.",
        ],
    },
    Topic {
        title: "Why did my {x} split, and can I save it?",
        body: "Everything looked glossy and then suddenly {x} turned grainy and greasy. I followed the recipe closely. What went wrong, and is there a way to rescue it rather than starting over?",
        tags: &["sauces"],
        about: &["hollandaise", "mayonnaise", "béarnaise", "custard", "chocolate ganache", "beurre blanc", "crème anglaise", "aioli", "a caramel sauce", "a vinaigrette", "a cheese fondue"],
        answers: &[
            "Almost always temperature or speed. For {x}, start again with a fresh yolk (or a spoon of warm water) in a clean bowl and whisk the split mixture into it a few drops at a time. It comes back every time if you are patient.",
            "Split {x} usually means the fat went in too fast or the base got too hot. Keep the bowl just warm to the touch, add the fat in a thin stream, and if it starts to look oily, stop and whisk hard before adding more.",
            "A stick blender rescues most emulsions in seconds. Put a tablespoon of the split {x} with a little liquid in a tall jug, blend, then stream in the rest.",
        ],
    },
    Topic {
        title: "How much {x} should I plan per guest?",
        body: "Planning a sit-down dinner for 24 and I always either run out or throw half away. How much {x} per person is sensible when there are other courses too?",
        tags: &["menu-planning", "hosting"],
        about: &["beef tenderloin", "salmon", "rice", "fresh pasta", "cheese for a cheese board", "wine", "bread", "dessert", "canapés", "prawns", "roast chicken", "potatoes"],
        answers: &[
            "For {x} as part of a full menu I plan on the lighter side of the usual portions and add 10% for the table's appetite. Buffets need about a third more than plated service, because people serve themselves generously.",
            "Write the menu first, then portion {x} by its role: the star of the meal gets a full portion, a side gets half. Ask your butcher or fishmonger — they know exactly how much trims off.",
            "As a chef I portion {x} by weight before cooking and always keep one spare portion back for the person who asks for seconds. Leftovers of most things freeze well, so err on the generous side.",
        ],
    },
    Topic {
        title: "How do I make {x} gluten-free without it falling apart?",
        body: "A close friend has coeliac disease and I want to make {x} she can actually eat. My attempts crumble or turn gummy. Which flours and binders work?",
        tags: &["gluten-free", "baking", "allergies"],
        about: &["pizza dough", "a shortcrust pie case", "gnocchi", "brownies", "tempura batter", "dumpling wrappers", "a birthday sponge", "fresh pasta", "a crumble topping", "pancakes", "a béchamel"],
        answers: &[
            "Use a blend rather than one flour: rice flour for structure, tapioca or potato starch for stretch, and a little psyllium husk or xanthan gum to bind. For {x} hydrate the dough more than you think and let it rest 30 minutes.",
            "Cross-contamination matters as much as the recipe for coeliac guests: clean boards, fresh oil, separate sieves. For {x}, buckwheat flour gives flavour and holds together better than most.",
            "I make {x} gluten-free for clients often. Weigh everything, add an extra egg or a spoon of ground flax, and bake or cook it slightly longer at a slightly lower temperature.",
        ],
    },
    Topic {
        title: "What can I use instead of {x} for a guest with a nut allergy?",
        body: "One of my guests has a severe tree nut and peanut allergy. The dish I planned relies on {x}. What gives a similar taste and texture without any risk?",
        tags: &["allergies", "food-safety"],
        about: &["almond flour", "pine nuts in pesto", "peanut satay sauce", "praline", "marzipan", "cashew cream", "walnuts in a salad", "hazelnut spread", "pistachio crust"],
        answers: &[
            "Toasted sunflower or pumpkin seeds replace {x} well in most dishes — check the packet for 'may contain nuts' warnings. Tell your guest exactly what you used; a severe allergy deserves a list of ingredients.",
            "For a severe allergy I would redesign the dish rather than substitute {x}: shared equipment is the bigger risk. Cook their plate first, on clean tools, and keep it covered.",
            "Toasted oats or seeds blended with a little oil get you close to the texture of {x}. Taste them side by side before the event — it's a different flavour, so adjust the seasoning.",
        ],
    },
    Topic {
        title: "How long can {x} sit out on a buffet?",
        body: "We're doing a long garden party and the food will be out for the afternoon. How long is {x} safe at room temperature, and what can I do to keep it safe for longer?",
        tags: &["food-safety", "hosting"],
        about: &["sushi", "potato salad", "cooked rice", "cream desserts", "cured meats", "devilled eggs", "prawn cocktail", "a cheese board", "chicken skewers", "fresh fruit platters", "quiche"],
        answers: &[
            "The rule I work by: two hours out, then it goes. For {x} on a warm day, set out small platters and replace them from the fridge rather than putting everything out at once.",
            "Serve {x} over ice (a tray of ice under the platter) and keep it in the shade. Anything with rice, eggs, seafood or dairy is the first to spoil, so it goes out last and comes in first.",
            "Label the time you put {x} out — caterers do it for a reason. After two hours in the warm, or one above 32°C, throw it away; it's not worth a sick guest.",
        ],
    },
    Topic {
        title: "How do I cook {x} sous vide for twenty people?",
        body: "I have two immersion circulators and I'm cooking {x} for a party of twenty. What temperatures and times work, and how do I finish everything at once?",
        tags: &["sous-vide", "hosting"],
        about: &["duck breast", "pork tenderloin", "salmon fillets", "eggs", "beef short ribs", "chicken thighs", "lamb rump", "carrots", "octopus", "pork belly"],
        answers: &[
            "Sous vide is perfect for a crowd because {x} can hold at temperature for a long time. Cook ahead, chill in an ice bath, then rewarm in the bath 45 minutes before serving and sear in batches in a very hot pan.",
            "Bag {x} in portions of four so you can sear one bag's worth at a time. Pat everything very dry before searing; a blowtorch helps when you have twenty plates waiting.",
            "Write a timeline backwards from service. For {x} the bath time is forgiving, but the sear is not: have two pans smoking and a friend to plate.",
        ],
    },
    Topic {
        title: "How do I ferment {x} at home safely?",
        body: "I'd like to start fermenting and want to try {x}. How do I know it's going well and not going bad, and what should make me throw it away?",
        tags: &["fermentation", "food-safety"],
        about: &["hot sauce", "sauerkraut", "kombucha", "kimchi", "garlic honey", "water kefir", "lacto-fermented pickles", "sourdough starter", "miso", "fermented honey"],
        answers: &[
            "Salt is your safety net: weigh it (2–3% of the vegetables' weight for most ferments), keep everything under the brine and taste daily. For {x}, sour and bubbly is good; fuzzy, pink or slimy means start again.",
            "Clean jars, a weight to keep things submerged and a cool spot. {x} should smell pleasantly sour. White film on top (kahm yeast) is harmless but skim it; coloured mould means bin it.",
            "Use a pH strip if you're nervous: below 4.6 is safe for {x}, and most ferments get well below that in a few days.",
        ],
    },
    Topic {
        title: "What makes a good vegan {x}?",
        body: "I'm cooking for vegan friends and want {x} that they'll actually love, not a sad copy. What are the tricks for flavour and texture?",
        tags: &["vegan", "vegetarian"],
        about: &["carbonara", "custard", "ramen broth", "mayonnaise", "cheese sauce", "meringue", "chocolate mousse", "lasagne", "birthday cake", "shepherd's pie", "burger"],
        answers: &[
            "Umami does the heavy lifting in vegan cooking: miso, nutritional yeast, dried mushrooms, kombu, soy. For {x}, build that base first and the rest follows.",
            "Aquafaba (the water from a tin of chickpeas) is magic for {x} where you need eggs. Whip it with a pinch of cream of tartar and it behaves remarkably like egg white.",
            "Don't imitate, reinterpret. My vegan {x} leans on roasted vegetables, good olive oil and acidity, and nobody at the table misses anything.",
        ],
    },
    Topic {
        title: "How do I plan a {x} menu for guests with mixed diets?",
        body: "Among the guests for our {x} there are vegetarians, one vegan, a coeliac and several people who just love meat. How do I plan a menu that feels generous to everyone without cooking five meals?",
        tags: &["menu-planning", "hosting", "allergies"],
        about: &["wedding", "birthday brunch", "Christmas dinner", "summer barbecue", "Diwali dinner", "Iftar", "christening lunch", "Thanksgiving dinner", "bridal shower", "office party", "Passover Seder"],
        answers: &[
            "Make the base of every course suit everyone (vegan and gluten-free), then add optional extras: a meat side, a cheese, a sauce. For a {x} this keeps the kitchen sane and nobody feels singled out.",
            "Serve family-style with clear little cards naming each dish's allergens. For a {x} I plan three mains: one meat, one vegetarian that everyone wants, and one vegan and gluten-free.",
            "Ask every guest ahead — people appreciate it. Then design the {x} menu around the strictest need first; it's far easier than adapting a finished menu.",
        ],
    },
    Topic {
        title: "How do I get a proper crust when grilling {x}?",
        body: "My {x} always comes off the grill grey and steamed instead of deeply browned. The grill is hot. What am I doing wrong?",
        tags: &["grilling", "meat"],
        about: &["steak", "halloumi", "swordfish", "cauliflower steaks", "lamb chops", "pork belly", "tuna", "chicken thighs", "aubergine", "salmon", "ribeye"],
        answers: &[
            "Dry surface, hot grill, and don't move it. Pat {x} dry, salt it well ahead (or right before — not in between), oil the food rather than the grate, and leave it alone until it releases on its own.",
            "Crowding the grill drops the temperature. Cook {x} in batches and let the grill come back up to heat between them.",
            "A reverse sear fixes this for thick cuts: cook {x} gently first over indirect heat, then finish over the hottest part for a minute a side. The surface is already dry, so it browns fast.",
        ],
    },
    Topic {
        title: "Why is my {x} dense and heavy?",
        body: "I've made {x} three times now and it always comes out tight and heavy instead of light. I measure carefully. What should I check?",
        tags: &["baking", "bread"],
        about: &["sourdough", "brioche", "sponge cake", "focaccia", "banana bread", "choux pastry", "cinnamon rolls", "bagels", "muffins", "naan", "pizza base"],
        answers: &[
            "Under-proofing is the usual suspect for {x}. Go by the dough, not the clock: it should have grown clearly and spring back slowly when poked.",
            "Check your oven temperature with a thermometer — many run 20°C cool, and {x} needs a strong start to rise before the crust sets.",
            "Weigh rather than measure by cups, and mix just enough. Over-mixed batters and over-floured doughs are the two classic causes of a dense {x}.",
        ],
    },
    Topic {
        title: "What is the traditional way to make {x}?",
        body: "I keep finding very different recipes for {x} online. What is the traditional way, and which shortcuts do cooks from that region actually accept?",
        tags: &["menu-planning"],
        about: &["carbonara", "paella valenciana", "cataplana", "ramen tare", "mole poblano", "biryani", "bacalhau à brás", "cassoulet", "pad thai", "bouillabaisse", "pastéis de nata", "tortilla española", "shakshuka"],
        answers: &[
            "Tradition for {x} varies from town to town, so 'authentic' is a range. Stick to the core ingredients and technique, and skip the modern additions you see online — the classic version is simpler than people expect.",
            "I trained where {x} comes from. The shortcuts locals accept are about time, not ingredients: making stock ahead, using good tinned tomatoes. Swapping core ingredients makes it a different dish.",
            "Find a cookbook by a cook from the region rather than a blog. For {x}, the technique — the order things go in and how long they cook — matters more than any single ingredient.",
        ],
    },
    Topic {
        title: "How do I keep {x} crisp when serving a crowd?",
        body: "When I cook {x} for a big group, the first plates are perfect and the last ones are soggy. How do chefs keep it crisp through service?",
        tags: &["hosting"],
        about: &["roast potatoes", "fried calamari", "tempura vegetables", "crackling", "chips", "spring rolls", "schnitzel", "pork crackling", "onion bhajis", "arancini", "churros"],
        answers: &[
            "Never cover {x} — steam is the enemy. Hold it on a wire rack in a low oven (about 90°C), in a single layer, and salt it just before serving.",
            "Fry {x} twice: once to cook through, ahead of time, and once hot and quick just before serving. It's how restaurants keep everything crisp through a long service.",
            "Serve {x} in smaller waves rather than all at once. Guests wait two minutes and everybody gets it at its best.",
        ],
    },
    Topic {
        title: "Which wine would you pour with {x}?",
        body: "I'm serving {x} as the main course at a small dinner. I'd like one wine for the table that works with it. What would you choose and why?",
        tags: &["wine-pairing"],
        about: &["roast lamb", "mushroom risotto", "grilled sea bass", "duck confit", "spicy Thai curry", "a cheese board", "chocolate fondant", "beef Wellington", "a seafood platter", "mushroom pie", "lamb tagine"],
        answers: &[
            "Match the weight of the wine to the weight of {x}, then think about the sauce rather than the protein. When in doubt, a good dry rosé or a light red slightly chilled pleases most tables.",
            "Ask what the region that made {x} famous drinks with it — that pairing has been tested for centuries.",
            "For {x} I look for acidity to cut through richness and avoid heavy oak. Pour a small glass of two options and let guests choose; it becomes part of the fun.",
        ],
    },
    Topic {
        title: "What's the best way to sharpen a {x}?",
        body: "I bought a good {x} and it's already losing its edge. Should I use a whetstone, a pull-through sharpener or take it to a professional?",
        tags: &["knife-skills"],
        about: &["Japanese gyuto", "serrated bread knife", "paring knife", "Chinese cleaver", "German chef's knife", "boning knife", "santoku", "slicing knife", "nakiri"],
        answers: &[
            "A whetstone, gently. Keep a steady angle (around 15° for most Japanese blades, 20° for German ones), use light pressure and count your strokes on each side. A honing rod between sharpenings keeps a {x} keen for weeks.",
            "Avoid pull-through sharpeners on a good {x}: they take off far more metal than needed. Learn on a cheap knife, then move to your good one.",
            "Have a professional do it once a year and hone it yourself weekly. Most dullness is a rolled edge, and honing straightens it.",
        ],
    },
    Topic {
        title: "How do I make stock for {x} without it turning cloudy?",
        body: "My stock for {x} tastes good but comes out cloudy and a bit greasy. How do I get a clear, clean stock?",
        tags: &["stocks", "sauces"],
        about: &["French onion soup", "ramen", "consommé", "risotto", "pho", "a fish soup", "a velouté", "miso soup", "a paella", "gravy"],
        answers: &[
            "Never let it boil: a bare simmer with the odd bubble. Start the bones in cold water, skim early and often, and strain through a cloth. For {x}, chill it overnight and lift off the fat.",
            "Blanch the bones first (bring to the boil, discard that water, rinse) and your stock for {x} will be much clearer from the start.",
            "If it's already cloudy, clarify it with a raft: whisked egg whites and minced vegetables brought slowly to a simmer. It's extra work, but for {x} it's worth it.",
        ],
    },
    Topic {
        title: "How do I cook {x} evenly in a home oven?",
        body: "My oven has hot spots and {x} always comes out done on one side and underdone on the other. Turning it helps a little. What else can I do?",
        tags: &["baking", "meat"],
        about: &["a whole chicken", "a tray of macarons", "a leg of lamb", "a large focaccia", "a pork shoulder", "a batch of croissants", "a whole turkey", "a pavlova", "a side of salmon", "a rack of ribs", "a tray of roast vegetables"],
        answers: &[
            "Get an oven thermometer and map the hot spots once — you'll know for ever where {x} should sit. A heavy baking steel or stone on the lowest rack evens out the heat a lot.",
            "Bring {x} to room temperature before it goes in, use the middle rack and rotate it halfway. For large pieces, a probe thermometer tells you the truth better than any timing.",
            "Fan ovens help, but they dry things out. For {x} I turn the fan off for the first part and on for the last to brown.",
        ],
    },
    Topic {
        title: "How should I store {x} so it keeps its flavour?",
        body: "I buy {x} in quantity for our supper clubs, but it seems to lose its flavour within weeks. What's the right way to store it?",
        tags: &["food-safety"],
        about: &["ground spices", "coffee beans", "olive oil", "fresh herbs", "parmesan", "vanilla pods", "dried chillies", "saffron", "flour", "nuts", "truffles", "homemade pesto"],
        answers: &[
            "Light, heat and air are what ruin {x}. An airtight, opaque container in a cool cupboard (never above the stove) makes a huge difference. Buy smaller amounts more often if you can.",
            "For {x}, date everything when you open it. Chefs rotate stock — first in, first out — and it's the simplest habit that saves flavour.",
            "Some things keep better frozen: {x} is worth trying in small, well-sealed portions so you only take out what you need.",
        ],
    },
    Topic {
        title: "How do I scale a {x} recipe from four to forty?",
        body: "I have a {x} recipe I love for four people and I've been asked to make it for a party of forty. Can I just multiply everything by ten?",
        tags: &["menu-planning", "hosting"],
        about: &["curry", "chilli con carne", "paella", "bolognese", "dal", "chocolate brownie", "gazpacho", "mac and cheese", "risotto", "lemon tart", "shepherd's pie", "pad thai"],
        answers: &[
            "Not everything scales linearly. For {x}, multiply the main ingredients, but go up more gently on salt, spices and liquid — start at about seven times and adjust by taste. Evaporation is slower in a big pot.",
            "Cook {x} in several batches rather than one giant pot: the heat is easier to control and one mistake doesn't ruin everything.",
            "Write the scaled recipe out in weights before you shop. For {x} at forty people, equipment becomes the real question — check you have pots big enough and a way to keep it hot.",
        ],
    },
    Topic {
        title: "How do I make {x} restaurant-smooth?",
        body: "Every time I make {x} it's tasty but never as silky as in a good restaurant. What are chefs doing that I'm not?",
        tags: &["sauces", "vegetarian"],
        about: &["mashed potatoes", "hummus", "butternut squash soup", "pea purée", "celeriac purée", "polenta", "gazpacho", "a carrot soup", "a cauliflower purée", "guacamole"],
        answers: &[
            "Pass {x} through a fine sieve. It's the step every home cook skips and every restaurant does. A high-speed blender helps, but the sieve is what makes it silky.",
            "Fat and temperature: for {x}, blend while hot and add the butter or oil at the end, little by little, like an emulsion.",
            "Cook the main ingredient of {x} until it's completely soft — underdone vegetables never go smooth, whatever you blend them with.",
        ],
    },
    Topic {
        title: "How do I buy good {x}?",
        body: "I'm never sure what to look for when buying {x}. What are the signs of quality, and is it worth paying more?",
        tags: &["seafood", "meat"],
        about: &["fresh fish", "scallops", "dry-aged beef", "oysters", "free-range chicken", "lamb", "octopus", "mussels", "pork", "prawns", "duck"],
        answers: &[
            "Use your nose and eyes: {x} should smell clean and fresh, never sour. Ask your fishmonger or butcher when it came in — good ones are happy to tell you.",
            "Pay for provenance on {x}: knowing where and how it was raised or caught matters more than the label's adjectives.",
            "Buy {x} from a shop with high turnover. A busy counter means nothing sits for long.",
        ],
    },
    Topic {
        title: "What's a good {x} dessert that can be made ahead?",
        body: "I want to finish a dinner with a {x} dessert and not be stuck in the kitchen. Ideas that can be fully made the day before?",
        tags: &["desserts", "hosting"],
        about: &["Italian", "French", "Japanese", "Portuguese", "Spanish", "Middle-Eastern", "Mexican", "Indian", "Greek", "Scandinavian"],
        answers: &[
            "For a {x} menu, set desserts are your friends — anything chilled overnight. Finish it with something fresh (fruit, a crisp tuile) just before serving.",
            "I'd pick a {x} classic that's served cold: it's both traditional and stress-free. Make it the day before and take it out of the fridge 20 minutes before serving.",
            "Think about the whole meal: after a rich {x} main, a light, acidic dessert works better than another heavy one.",
        ],
    },
];

/// Questions asked of one chef from their page: `{x}` is the chef's cuisine.
const DIRECTED: &[(&str, &str, &[&str])] = &[
    (
        "Which {x} dish would you cook for a first anniversary dinner?",
        "We loved your menu and want something special for two at home. Which {x} dish do you love cooking most for an occasion like this, and can it be booked?",
        &["menu-planning", "hosting"],
    ),
    (
        "How do you adapt {x} dishes for a guest who can't eat dairy?",
        "We'd love to book you, but my partner is dairy-free. How much of your {x} menu changes, and what do you use instead of butter and cream?",
        &["allergies", "menu-planning"],
    ),
];

const THANKS: &[&str] = &[
    "Thank you, this worked perfectly!",
    "Tried it last night and it came out much better.",
    "That makes a lot of sense, thanks for explaining.",
    "Brilliant, I'll do exactly that on Saturday.",
];

/// Seeds the demo's questions and answers as of `now` unless some exist already.
pub async fn seed_demo_knowledge(
    deps: &Deps,
    now: DateTime<Utc>,
) -> Result<KnowledgeReport, ServiceError> {
    if questions::Entity::find().count(&deps.db).await? > 0 {
        return Ok(KnowledgeReport::default());
    }
    let askers = demo_people(deps, Role::Customer).await?;
    let chefs: Vec<CurrentUser> = demo_people(deps, Role::Chef)
        .await?
        .into_iter()
        .take(ANSWERING_CHEFS)
        .collect();
    if askers.is_empty() || chefs.is_empty() {
        return Ok(KnowledgeReport::default());
    }
    let cuisines = cuisines_of(deps, &chefs).await?;
    let mut dice = Dice(20_261_207);
    let mut plan: Vec<PlannedQuestion> = Vec::new();
    for topic in TOPICS {
        for about in topic.about {
            plan.push(PlannedQuestion {
                title: topic.title.replace("{x}", about),
                body: topic.body.replace("{x}", about),
                tags: topic.tags,
                answers: topic
                    .answers
                    .iter()
                    .map(|answer| answer.replace("{x}", about))
                    .collect(),
                asked_of: None,
            });
        }
    }
    for (n, chef) in chefs.iter().enumerate().step_by(6) {
        let (title, body, tags) = DIRECTED[n % DIRECTED.len()];
        let cuisine = cuisines.get(&chef.id).map_or("your", String::as_str);
        plan.push(PlannedQuestion {
            title: title.replace("{x}", cuisine),
            body: body.replace("{x}", cuisine),
            tags,
            answers: vec![format!(
                "Thank you for asking! For you I'd cook a {cuisine} menu built around what's best at the market that week. Send me a booking request with the date and I'll suggest three options to choose from."
            )],
            asked_of: Some(chef.clone()),
        });
    }
    // Interleaved, so the newest questions are a mix of topics.
    for i in (1..plan.len()).rev() {
        plan.swap(i, dice.below(i + 1));
    }

    let start = now - Duration::days(DAYS_OF_QUESTIONS);
    let clock = Clock::adjustable_from(start);
    // The demo's own counts: a seed must neither hit the limits nor use up real people's.
    let throttle = Throttle::in_process()
        .with_limit(&QUESTIONS_PER_ACCOUNT, u32::MAX)
        .with_limit(&ANSWERS_PER_ACCOUNT, u32::MAX)
        .with_limit(&VOTES_PER_ACCOUNT, u32::MAX);
    let knowledge = Knowledge::new(
        &deps
            .clone()
            .with_clock(clock.clone())
            .with_throttle(throttle),
    );
    let step = Duration::minutes(DAYS_OF_QUESTIONS * 24 * 60 / plan.len() as i64);
    let mut votes_between: HashMap<(i64, i64), u32> = HashMap::new();
    let mut report = KnowledgeReport::default();
    let at = |moment: DateTime<Utc>| {
        clock
            .advance_to(moment)
            .map(drop)
            .map_err(|e| ServiceError::Config(format!("demo clock: {e}")))
    };
    for (n, planned) in plan.into_iter().enumerate() {
        let asked_at = start + step * n as i32;
        at(asked_at)?;
        let asker = dice.pick(&askers).clone();
        let question = knowledge
            .ask(
                &asker,
                NewQuestion {
                    title: planned.title,
                    body: planned.body,
                    tags: planned.tags.iter().map(|tag| (*tag).to_owned()).collect(),
                    asked_of: planned.asked_of.as_ref().map(|chef| chef.id),
                    photos: Vec::new(),
                },
            )
            .await?;
        report.questions += 1;
        // The newest questions and about one in eight are still waiting for an answer.
        let recent = n as i64 * step.num_minutes() > (DAYS_OF_QUESTIONS - 2) * 24 * 60;
        let how_many = if recent || dice.below(8) == 0 {
            0
        } else {
            1 + dice.below(planned.answers.len())
        };
        let mut answerers: Vec<CurrentUser> = match &planned.asked_of {
            Some(chef) => vec![chef.clone()],
            None => Vec::new(),
        };
        while answerers.len() < how_many {
            let chef = dice.pick(&chefs);
            if !answerers.iter().any(|a| a.id == chef.id) {
                answerers.push(chef.clone());
            }
        }
        let mut answer_ids = Vec::new();
        for (k, (chef, text)) in answerers.iter().zip(&planned.answers).enumerate() {
            at(asked_at + Duration::minutes(40 + 50 * k as i64))?;
            let answer = knowledge.answer(chef, question.id, text).await?;
            answer_ids.push((answer.id, chef.id));
            report.answers += 1;
        }
        at(asked_at + Duration::hours(4))?;
        // Readers vote: questions a little, answers more, the first answer most.
        for _ in 0..dice.below(4) {
            let voter = dice.pick(&askers);
            if vote_allowed(&mut votes_between, voter.id, asker.id) {
                knowledge
                    .vote(voter, VoteTarget::Question, question.id, VoteDirection::Up)
                    .await?;
                report.votes += 1;
            }
        }
        for (k, (answer_id, chef_id)) in answer_ids.iter().enumerate() {
            for _ in 0..dice.below(6 - 2 * k.min(2)) {
                let voter = dice.pick(&askers);
                if vote_allowed(&mut votes_between, voter.id, *chef_id) {
                    knowledge
                        .vote(voter, VoteTarget::Answer, *answer_id, VoteDirection::Up)
                        .await?;
                    report.votes += 1;
                }
            }
        }
        if let Some((answer_id, _)) = answer_ids.first() {
            if dice.below(10) < 6 {
                at(asked_at + Duration::hours(5))?;
                knowledge.accept(&asker, question.id, *answer_id).await?;
                report.accepted += 1;
                if dice.below(3) == 0 {
                    let thanks = *dice.pick(THANKS);
                    knowledge
                        .comment(&asker, VoteTarget::Answer, *answer_id, thanks)
                        .await?;
                }
            }
        }
    }
    // Every upvote on a chef's answer asked for their rank again; once each is enough.
    crate::ranks::coalesce_queued(&deps.db, now).await?;
    tracing::info!(?report, "demo questions and answers seeded");
    Ok(report)
}

struct PlannedQuestion {
    title: String,
    body: String,
    tags: &'static [&'static str],
    answers: Vec<String>,
    asked_of: Option<CurrentUser>,
}

/// Counts a vote from `voter` to `author` unless it would make one pair look like serial
/// voting (which the nightly check would undo).
fn vote_allowed(counts: &mut HashMap<(i64, i64), u32>, voter: i64, author: i64) -> bool {
    if voter == author {
        return false;
    }
    let count = counts.entry((voter, author)).or_default();
    if *count >= MOST_VOTES_BETWEEN_TWO {
        return false;
    }
    *count += 1;
    true
}

/// The demo's accounts of one role, the guest among the customers, oldest first.
async fn demo_people(deps: &Deps, role: Role) -> Result<Vec<CurrentUser>, ServiceError> {
    let rows = users::Entity::find()
        .filter(users::Column::Email.ends_with(format!("@{DEMO_EMAIL_DOMAIN}")))
        .filter(users::Column::Role.eq(role.as_str()))
        .order_by_asc(users::Column::Id)
        .all(&deps.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|user| CurrentUser {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            role,
        })
        .collect())
}

async fn cuisines_of(
    deps: &Deps,
    chefs: &[CurrentUser],
) -> Result<HashMap<i64, String>, ServiceError> {
    use crate::entities::chef_profiles;
    let ids: Vec<i64> = chefs.iter().map(|chef| chef.id).collect();
    Ok(chef_profiles::Entity::find()
        .filter(chef_profiles::Column::UserId.is_in(ids))
        .all(&deps.db)
        .await?
        .into_iter()
        .filter_map(|profile| Some((profile.user_id, profile.cuisines.0.first()?.clone())))
        .collect())
}
