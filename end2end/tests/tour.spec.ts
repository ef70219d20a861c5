import { Browser, expect, test } from "@playwright/test";
import { expectUsable, saveScreen, visit, waitForHydration } from "./support/pages";

const PASSWORD = "saffron-risotto-42";
const DEMO_ADMIN = { email: "admin@demo.chefgalaxy.test", password: "taste-the-galaxy-2026" };

async function signedUp(browser: Browser, email: string, name: string, asChef: boolean) {
  const context = await browser.newContext();
  const response = await context.request.post("/api/v1/auth/signup", {
    data: { email, password: PASSWORD, display_name: name, as_chef: asChef },
  });
  expect(response.status()).toBe(201);
  return { context, id: (await response.json()).id as number };
}

test("every page is usable on this screen: never wider than it, no serious accessibility problem", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const stamp = Date.now();

  // A chef with a dish, and a customer with a booking of theirs: every signed-in page has
  // something on it.
  const chef = await signedUp(browser, `marta.${stamp}@example.com`, "Marta Ribeiro", true);
  expect((await chef.context.request.put(`/api/v1/chefs/${chef.id}/profile`, {
    data: {
      headline: "Slow-cooked Portuguese feasts", bio: "Twelve years in Porto and Lisbon kitchens.",
      years_experience: 12, education: [], certifications: [], languages: [{ language: "Portuguese", proficiency: "native" }],
      cuisines: ["Portuguese"], city: "Lisbon", lat: 38.72, lng: -9.14,
      service_radius_km: 40, base_rate_minor: 6000, min_guests: 2, max_guests: 40,
    },
  })).status()).toBe(200);
  const dish = await (await chef.context.request.post(`/api/v1/chefs/${chef.id}/dishes`, {
    data: {
      name: "Arroz de marisco", course: "main", ingredients: ["rice", "prawns", "clams"], dietary: [],
      allergens: ["crustaceans", "molluscs"], price_per_guest_minor: 2800, min_guests: 2, prep_minutes: 60,
    },
  })).json();
  const customer = await signedUp(browser, `joao.${stamp}@example.com`, "João Neves", false);
  const clock = await (await customer.context.request.post("/api/v1/test/clock", { data: { hours: 0 } })).json();
  const booking = await (await customer.context.request.post("/api/v1/bookings", {
    data: {
      chef_id: chef.id, dish_ids: [dish.id],
      event: {
        kind: "birthday", starts_at: new Date(new Date(clock.now).getTime() + 20 * 86_400_000).toISOString(),
        duration_hours: 4, guests: 8, city: "Lisbon", lat: 38.71, lng: -9.13, allergens: ["peanuts"],
      },
    },
  })).json();
  expect(booking.id).toBeGreaterThan(0);

  // Visitors.
  const visitor = await (await browser.newContext()).newPage();
  await visit(visitor, "/", "the home page");
  await visit(visitor, "/search", "search");
  // Streets (from the tile stand-in) and the results' pins, clustered where they crowd.
  const searchMap = visitor.getByTestId("search-map");
  await expect(searchMap.locator(".leaflet-tile-loaded").first()).toBeVisible();
  await expect(searchMap.locator(".marker-cluster, .map-marker-result").first()).toBeVisible();
  await expect(searchMap.locator(".leaflet-control-attribution")).toContainText("Test tiles");
  await saveScreen(visitor, testInfo, "search");
  await visit(visitor, "/search?q=bourguignon", "a dish search");
  await expect(visitor.getByTestId("search-hit").first()).toBeVisible();
  await visit(visitor, "/chefs", "the chef list");
  await visit(visitor, `/chefs/${chef.id}`, "a chef's page");
  await expect(visitor.getByTestId("service-area-map").locator(".leaflet-tile-loaded").first()).toBeVisible();
  await saveScreen(visitor, testInfo, "chef-page");
  for (const [path, what] of [
    ["/login", "log in"], ["/signup", "sign up"], ["/rank", "how ranks work"],
    ["/disputes", "the dispute rules"], ["/cancellation-policy", "the cancellation policy"],
  ]) {
    await visit(visitor, path, what);
  }
  // The knowledge section, as the seed left it.
  await visit(visitor, "/knowledge", "the questions");
  await visit(visitor, "/knowledge?order=top&period=all", "the top questions");
  await visit(visitor, "/knowledge/t/hosting", "a tag's questions");
  await visit(visitor, "/knowledge/reputation", "how reputation works");
  await visit(visitor, "/search/questions?q=risotto", "the Knowledge search tab");
  await expect(visitor.getByTestId("question-row").first()).toBeVisible();
  await visitor.getByTestId("question-row").first().getByTestId("question-title").click();
  await expect(visitor).toHaveURL(/\/knowledge\/q\/\d+$/);
  await visit(visitor, new URL(visitor.url()).pathname, "a question with its answers");
  await saveScreen(visitor, testInfo, "question");
  await visitor.goto("/no-such-page");
  await waitForHydration(visitor);
  await expectUsable(visitor, "the page for a wrong address");

  // The customer.
  const customerPage = await customer.context.newPage();
  await visit(customerPage, "/bookings", "the customer's bookings");
  await visit(customerPage, `/bookings/${booking.id}`, "the customer's booking");
  await saveScreen(customerPage, testInfo, "booking-customer");
  await visit(customerPage, "/requests", "the customer's requests");
  await visit(customerPage, "/notifications", "the customer's notifications");
  await visit(customerPage, "/account", "the customer's account");
  await visit(customerPage, "/knowledge/ask", "the ask form");
  await visit(customerPage, `/knowledge/ask?chef=${chef.id}`, "asking one chef");

  // The chef.
  const chefPage = await chef.context.newPage();
  await visit(chefPage, `/bookings/${booking.id}`, "the chef's booking");
  await saveScreen(chefPage, testInfo, "booking-chef");
  await visit(chefPage, "/kitchen", "the kitchen");
  await saveScreen(chefPage, testInfo, "kitchen");
  await visit(chefPage, "/kitchen/earnings", "the chef's earnings");
  await visit(chefPage, "/requests", "the chef's invitations");
  await visit(chefPage, "/notifications", "the chef's notifications");

  // The admin.
  const admin = await browser.newContext();
  expect((await admin.request.post("/api/v1/auth/login", { data: DEMO_ADMIN })).status()).toBe(200);
  const adminPage = await admin.newPage();
  await visit(adminPage, "/admin", "the admin console");
});

test("on a phone the header keeps to one line and its links open from the menu", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "mobile", "the menu button shows on narrow screens only");
  await visit(page, "/", "the home page");
  const header = page.locator(".site-header");
  expect((await header.boundingBox())!.height).toBeLessThan(80);
  const findChef = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find a chef" });
  await expect(findChef).toBeHidden();
  await page.getByTestId("menu-toggle").click();
  await expect(page.getByTestId("menu-toggle")).toHaveAttribute("aria-expanded", "true");
  await expectUsable(page, "the open menu");
  await findChef.click();
  await expect(page).toHaveURL(/\/search/);
  await expect(findChef).toBeHidden();
});

test("moving between pages keeps the page on screen until the next is ready, and the header follows sign-up at once", async ({ page }, testInfo) => {
  // Every "Loading…" that ever appears is written down.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { blanks: string[] }).blanks = seen;
    new MutationObserver(() => {
      document.querySelectorAll(".loading").forEach((element) => seen.push(element.textContent || ""));
    }).observe(document, { childList: true, subtree: true });
  });
  const blanks = () => page.evaluate(() => (window as unknown as { blanks: string[] }).blanks);
  const openMenu = async () => {
    if (testInfo.project.name === "mobile") await page.getByTestId("menu-toggle").click();
  };

  await visit(page, "/", "the home page");
  await page.getByTestId("chef-card").first().click();
  await expect(page).toHaveURL(/\/chefs\/\d+$/);
  await expect(page.getByTestId("chef-name")).toBeVisible();
  await openMenu();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find a chef" }).click();
  await expect(page).toHaveURL(/\/search/);
  await expect(page.getByTestId("search-hit").first()).toBeVisible();
  await page.getByTestId("search-hit").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/chefs\/\d+$/);
  await expect(page.getByTestId("chef-name")).toBeVisible();

  // Sign up from the header: the account page and the header show the new person at once.
  await openMenu();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/signup/);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(`lena.${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("saffron-risotto-42");
  await page.getByLabel("Your name").fill("Lena Vogel");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("account-name")).toHaveText("Hello, Lena Vogel");
  await expect(page.getByTestId("nav-user")).toHaveText("Lena Vogel");
  expect(await blanks()).toEqual([]);
});

test("a seeded chef's page folds its long parts on a phone and shows them all on a wide screen", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "mobile";
  // Search results show the chefs' portraits, as the chef list does (the demo chefs all
  // have one; chefs the tests sign up have none and show their initials).
  await visit(page, "/search?city=Lisbon", "search in Lisbon");
  const seeded = page.getByTestId("search-hit").filter({ has: page.getByTestId("chef-avatar") }).first();
  await expect(seeded.getByTestId("chef-avatar")).toBeVisible();
  // The portrait loads lazily: once it is on screen, as a person scrolling would bring it.
  await seeded.scrollIntoViewIfNeeded();
  await expect.poll(() => seeded.getByTestId("chef-avatar").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await seeded.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/chefs\/\d+$/);
  await waitForHydration(page);

  const languages = page.getByTestId("languages");
  const groups = page.getByTestId("course-group");
  expect(await groups.count()).toBeGreaterThan(1);
  const firstDishOfLastCourse = groups.last().getByTestId("dish").first();
  await expect(page.getByTestId("quote-bar")).toBeVisible();
  if (phone) {
    // Folded: languages, training and hours; every course but the first.
    await expect(languages).toBeHidden();
    await expect(groups.first().getByTestId("dish").first()).toBeVisible();
    await expect(firstDishOfLastCourse).toBeHidden();
    await page.getByTestId("profile-more").locator("summary").click();
    await expect(languages).toBeVisible();
    await groups.last().locator("summary").click();
    await expect(firstDishOfLastCourse).toBeVisible();
    // A filter opens every course it matches in.
    await groups.last().locator("summary").click();
    await expect(firstDishOfLastCourse).toBeHidden();
    await page.getByTestId("chip-diet-vegetarian").click();
    for (const group of await groups.all()) {
      await expect(group).toHaveAttribute("open", "");
    }
    await page.getByTestId("chip-diet-vegetarian").click();
  } else {
    await expect(languages).toBeVisible();
    await expect(firstDishOfLastCourse).toBeVisible();
    await expect(page.getByTestId("profile-more").locator("summary")).toBeHidden();
  }
  await saveScreen(page, testInfo, "seeded-chef-page");
});
