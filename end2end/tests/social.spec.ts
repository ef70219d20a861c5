import { expect, Page, test } from "@playwright/test";
import { signUp } from "./support/accounts";
import { saveScreen, visit, waitForHydration } from "./support/pages";

const DEMO_ADMIN = { email: "admin@demo.chefgalaxy.test", password: "taste-the-galaxy-2026" };

/** The bell's unread count (0 when it shows none). */
async function unread(page: Page) {
  const badge = page.getByTestId("unread-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

/** Where a post stands in the For-you feed on the page (-1 when absent). */
async function positionOf(page: Page, postId: number) {
  const ids = await page.getByTestId("post").evaluateAll((posts) => posts.map((p) => Number(p.getAttribute("data-post-id"))));
  return ids.indexOf(postId);
}

/** Opens `url` until `locator` finds `count` elements: search indexes follow writes by a job. */
async function untilFound(page: Page, url: string, selector: string, count: number) {
  await expect.poll(async () => {
    await visit(page, url, url);
    return page.locator(selector).count();
  }, { timeout: 30_000 }).toBe(count);
}

test("a post with a photo is followed, liked, commented, explained, reordered, reported, hidden and blocked", async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const stamp = `${Date.now() % 1_000_000}${testInfo.project.name === "mobile" ? "m" : "d"}`;
  const anaHandle = `ana_feed_${stamp}`;
  const brunoHandle = `bruno_feed_${stamp}`;
  const ana = await browser.newContext();
  await signUp(ana.request, `ana.${stamp}@example.com`, `Ana Feed ${stamp}`, false);
  const bruno = await browser.newContext();
  await signUp(bruno.request, `bruno.${stamp}@example.com`, `Bruno Feed ${stamp}`, false);
  const carla = await browser.newContext();
  await signUp(carla.request, `carla.${stamp}@example.com`, `Carla Feed ${stamp}`, false);
  for (const handle of [anaHandle, brunoHandle]) {
    expect((await ana.request.get(`/api/v1/users/${handle}`)).status(), handle).toBe(200);
  }

  // Ana writes a post with a photo, a tag and a mention of Bruno, in the browser.
  const anaPage = await ana.newPage();
  await visit(anaPage, "/feed", "the feed");
  const tag = `broth${stamp}`;
  await anaPage.getByTestId("composer-text").fill(`Sunday ramen broth, twelve hours #${tag} — thanks @${brunoHandle}`);
  const picture = await anaPage.screenshot();
  await anaPage.getByTestId("composer-photos").setInputFiles({ name: "broth.png", mimeType: "image/png", buffer: picture });
  await anaPage.getByTestId("composer-alt").fill("A bowl of ramen broth");
  await anaPage.getByTestId("publish").click();
  const written = anaPage.getByTestId("post").filter({ hasText: "Sunday ramen broth" }).first();
  await expect(written).toBeVisible();
  await expect(written.getByTestId("post-photo")).toHaveAttribute("alt", "A bowl of ramen broth");
  await expect(written.locator(".tags").getByRole("link", { name: `#${tag}` })).toHaveAttribute("href", `/t/${tag}`);
  const postId = Number(await written.getAttribute("data-post-id"));
  await saveScreen(anaPage, testInfo, "feed");

  // The mention reached Bruno.
  const brunoPage = await bruno.newPage();
  await visit(brunoPage, "/notifications", "Bruno's notifications");
  await expect(brunoPage.getByTestId("feed")).toContainText(`Ana Feed ${stamp} mentioned you in a post`);

  // Bruno finds the post by its tag in the search's Posts tab, and Ana in its People tab.
  const postSelector = `[data-testid=post][data-post-id="${postId}"]`;
  await untilFound(brunoPage, `/search/posts?tag=${tag}`, postSelector, 1);
  await expect(brunoPage.getByTestId("search-tab-posts")).toHaveAttribute("aria-current", "page");
  await saveScreen(brunoPage, testInfo, "search-posts");
  await untilFound(brunoPage, `/search/people?q=${encodeURIComponent(`Ana Feed ${stamp}`)}`, `[data-testid=person-hit]:has-text("@${anaHandle}")`, 1);
  await saveScreen(brunoPage, testInfo, "search-people");

  // Bruno follows Ana from her page and finds the post in Following.
  await visit(brunoPage, `/u/${anaHandle}`, "Ana's page");
  await saveScreen(brunoPage, testInfo, "person");
  await brunoPage.getByTestId("follow").click();
  await expect(brunoPage.getByTestId("follow")).toContainText("Following");
  await expect(brunoPage.getByTestId("followers")).toHaveText("1 follower");
  await visit(brunoPage, "/feed?tab=following", "the Following feed");
  const followed = brunoPage.locator(`[data-testid=post][data-post-id="${postId}"]`);
  await expect(followed).toBeVisible();

  // Ana keeps her post open; Bruno likes it and comments; her counts and bell follow live.
  await anaPage.goto(`/p/${postId}`);
  await waitForHydration(anaPage);
  const unreadBefore = await unread(anaPage);
  await followed.getByTestId("like").click();
  await expect(followed.getByTestId("like-count")).toHaveText("1");
  await expect(anaPage.getByTestId("like-count")).toHaveText("1");
  await visit(brunoPage, `/p/${postId}`, "the post's page");
  await brunoPage.getByTestId("comment-text").fill("Twelve hours! Worth every minute.");
  await brunoPage.getByTestId("send-comment").click();
  await expect(brunoPage.getByTestId("comment")).toContainText("Worth every minute");
  await expect(anaPage.getByTestId("comment-count")).toHaveText("1");
  await expect(anaPage.getByTestId("comment")).toContainText("Worth every minute");
  await expect.poll(() => unread(anaPage)).toBeGreaterThanOrEqual(unreadBefore + 2);
  await saveScreen(anaPage, testInfo, "post");

  // Ana fixes a word within the day; the earlier words stay readable.
  await anaPage.getByTestId("edit-post").locator("summary").click();
  await anaPage.getByTestId("edit-post-text").fill(`Sunday ramen broth, fourteen hours #${tag} — thanks @${brunoHandle}`);
  await anaPage.getByTestId("save-edit").click();
  await expect(anaPage.getByTestId("post-text")).toContainText("fourteen hours");
  await expect(anaPage.getByTestId("post-edited")).toBeVisible();
  await expect(anaPage.getByTestId("post-history")).toContainText("1 earlier version");
  await saveScreen(anaPage, testInfo, "post-edited");

  // Carla writes a newer post nobody follows or likes, with script and markup that must stay
  // inert wherever it is shown.
  const payload = `Quick toast ${stamp} <img src=x onerror="window.__xss=1"> <script>window.__xss=1</script> [x](javascript:window.__xss=1)`;
  expect((await carla.request.post("/api/v1/posts", { data: { text: payload } })).status()).toBe(201);
  const carlaPostId = Number((await (await bruno.request.get("/api/v1/feed?kind=for_you")).json()).items
    .find((item: { post: { text: string } }) => item.post.text === payload).post.id);
  for (const url of [`/p/${carlaPostId}`, `/search/posts?q=toast+${stamp}`]) {
    await visit(brunoPage, url, url);
    const shown = brunoPage.locator(`[data-testid=post][data-post-id="${carlaPostId}"]`);
    if (url.startsWith("/search")) {
      await untilFound(brunoPage, url, `[data-testid=post][data-post-id="${carlaPostId}"]`, 1);
    }
    await expect(shown.getByTestId("post-text")).toContainText(`Quick toast ${stamp}`);
    expect(await shown.locator("script, [onerror], a[href^='javascript']").count(), url).toBe(0);
    expect(await brunoPage.evaluate(() => (window as unknown as { __xss?: number }).__xss), url).toBeUndefined();
  }

  // For you explains itself: the terms of the formula with their values.
  await visit(brunoPage, "/feed", "For you");
  const ranked = brunoPage.locator(`[data-testid=post][data-post-id="${postId}"]`);
  await ranked.getByText("Why am I seeing this?").click();
  await expect(ranked.getByTestId("why-term")).toHaveCount(5);
  await expect(ranked.locator("[data-term=following]")).toContainText("you follow the author");
  await expect(ranked.locator("[data-term=popularity]")).toContainText("1 like and 1 comment");
  // Followed and liked, Ana's post ranks above Carla's newer one…
  expect(await positionOf(brunoPage, postId)).toBeLessThan(await positionOf(brunoPage, carlaPostId));
  // …until Bruno turns every boost off: then only age counts.
  // On a phone the settings sit folded above the feed.
  if (testInfo.project.name === "mobile") {
    await brunoPage.getByTestId("feed-settings-toggle").click();
  }
  for (const weight of ["following", "popularity", "cuisines", "nearby"]) {
    await brunoPage.getByTestId(`weight-${weight}`).fill("0");
  }
  await brunoPage.getByTestId("save-feed-settings").click();
  await expect.poll(async () => (await positionOf(brunoPage, carlaPostId)) < (await positionOf(brunoPage, postId))).toBe(true);
  await saveScreen(brunoPage, testInfo, "for-you");
  await visit(brunoPage, "/feed?tab=nearby", "the Nearby feed");
  await expect(brunoPage.getByTestId("tab-nearby")).toHaveAttribute("aria-current", "page");
  await saveScreen(brunoPage, testInfo, "nearby");
  await visit(brunoPage, "/feed", "For you");

  // Bruno reports the post; an admin hides it; it is gone from both feeds.
  const card = brunoPage.locator(`[data-testid=post][data-post-id="${postId}"]`);
  await card.getByTestId("report").locator("summary").click();
  await card.getByTestId("report-reason").selectOption("unsafe_food");
  await card.getByTestId("send-report").click();
  await expect(card.getByTestId("report-sent")).toBeVisible();
  const admin = await browser.newContext();
  expect((await admin.request.post("/api/v1/auth/login", { data: DEMO_ADMIN })).status()).toBe(200);
  const adminPage = await admin.newPage();
  await visit(adminPage, "/admin", "the admin console");
  const item = adminPage.locator(`[data-testid=report-item][data-target=post][data-target-id="${postId}"]`);
  await expect(item.getByTestId("reported-excerpt")).toContainText("Sunday ramen broth");
  await item.getByTestId("decision-action").selectOption("hide");
  await item.getByTestId("decision-reason").fill("Raw pork broth advice that is not safe to follow.");
  await item.getByTestId("decide").click();
  await expect(item).toHaveCount(0);
  for (const feed of ["/feed", "/feed?tab=following"]) {
    await visit(brunoPage, feed, feed);
    await expect(brunoPage.locator(`[data-testid=post][data-post-id="${postId}"]`)).toHaveCount(0);
  }
  expect((await bruno.request.get(`/api/v1/posts/${postId}`)).status()).toBe(404);
  // …and from search, at once and after its index job.
  await visit(brunoPage, `/search/posts?tag=${tag}`, "the post search");
  await expect(brunoPage.locator(postSelector)).toHaveCount(0);
  await untilFound(brunoPage, `/search/posts?tag=${tag}`, `[data-testid=search-count]:text-is("0 posts tagged #${tag}")`, 1);
  await visit(anaPage, "/notifications", "Ana's notifications");
  await anaPage.getByTestId("feed-item").filter({ hasText: "Your post was hidden by a moderator" }).getByRole("link", { name: "Open" }).click();
  await expect(anaPage.getByTestId("decision-reason")).toHaveText("Raw pork broth advice that is not safe to follow.");
  await expect(anaPage.getByTestId("send-appeal")).toBeVisible();

  // Ana blocks Bruno: her page no longer exists for him.
  await visit(anaPage, `/u/${brunoHandle}`, "Bruno's page");
  await anaPage.locator(".more-actions > summary").click();
  await anaPage.getByTestId("block").click();
  await expect(anaPage.getByTestId("blocked")).toBeVisible();
  const blocked = await brunoPage.goto(`/u/${anaHandle}`);
  expect(blocked?.status()).toBe(404);
});

test("a diner offers to show a past dinner on posts, and takes it back", async ({ browser }, testInfo) => {
  // One demo diner per browser project, so the two projects never toggle the same booking.
  const diner = testInfo.project.name === "mobile" ? "diner-02" : "diner-01";
  const context = await browser.newContext();
  const login = await context.request.post("/api/v1/auth/login", {
    data: { email: `${diner}@demo.chefgalaxy.test`, password: DEMO_ADMIN.password },
  });
  expect(login.status()).toBe(200);
  const bookings = (await (await context.request.get("/api/v1/bookings")).json()).items as { id: number; state: string }[];
  const past = bookings.find((booking) => booking.state === "released" || booking.state === "completed");
  expect(past, "the demo diner has a dinner that took place").toBeTruthy();
  await context.request.delete(`/api/v1/bookings/${past!.id}/share`);

  const page = await context.newPage();
  await visit(page, `/bookings/${past!.id}`, "the past booking");
  const card = page.getByTestId("event-share");
  await expect(card.getByTestId("event-share-status")).toHaveText("Not shown.");
  await card.getByTestId("event-share-toggle").click();
  await expect(card.getByTestId("event-share-status")).toHaveText("You agreed; waiting for the chef.");
  await card.scrollIntoViewIfNeeded();
  await saveScreen(page, testInfo, "event-share");
  const sharing = await (await context.request.get(`/api/v1/bookings/${past!.id}/share`)).json();
  expect(sharing.you_agreed).toBe(true);

  await card.getByTestId("event-share-toggle").click();
  await expect(card.getByTestId("event-share-status")).toHaveText("Not shown.");
});
