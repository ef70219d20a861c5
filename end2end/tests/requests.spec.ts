import { expect, Page, test } from "@playwright/test";

async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** "€1,234.56"-style text as minor units. */
function minor(text: string) {
  return Math.round(parseFloat(text.replace(/[^0-9.]/g, "")) * 100);
}

const DUBLIN: [number, number] = [53.3498, -6.2603];

test("a customer posts an event, invited chefs propose, the customer compares them and accepts one", async ({ browser }) => {
  const stamp = Date.now();
  const errors: string[] = [];

  // Two chefs at the centre of Dublin, where the event will be, each with one dish.
  const chef = async (name: string, price: number) => {
    const context = await browser.newContext();
    const signup = await context.request.post("/api/v1/auth/signup", {
      data: { email: `${name.toLowerCase().replace(" ", ".")}.${stamp}@example.com`, password: "saffron-risotto-42", display_name: name, as_chef: true },
    });
    expect(signup.status()).toBe(201);
    const id = (await signup.json()).id as number;
    expect((await context.request.put(`/api/v1/chefs/${id}/profile`, {
      data: {
        headline: "Irish produce, cooked with care", bio: "Ten years in Dublin kitchens.", years_experience: 10,
        education: [], certifications: [], languages: [{ language: "English", proficiency: "native" }],
        cuisines: ["French"], city: "Dublin", lat: DUBLIN[0], lng: DUBLIN[1],
        service_radius_km: 30, base_rate_minor: 5000, min_guests: 2, max_guests: 40,
      },
    })).status()).toBe(200);
    const dish = await context.request.post(`/api/v1/chefs/${id}/dishes`, {
      data: {
        name: `${name.split(" ")[0]}'s seafood chowder`, course: "main", ingredients: ["cod", "cream", "celery"],
        dietary: [], allergens: ["fish", "milk", "celery"], price_per_guest_minor: price, min_guests: 2, prep_minutes: 50,
      },
    });
    expect(dish.status()).toBe(201);
    return { context, id, name, dishId: (await dish.json()).id as number };
  };
  const siobhan = await chef("Siobhan Walsh", 2600);
  const declan = await chef("Declan Byrne", 1800);
  const customer = await browser.newContext();
  expect((await customer.request.post("/api/v1/auth/signup", {
    data: { email: `aoife.${stamp}@example.com`, password: "saffron-risotto-42", display_name: "Aoife Kelly", as_chef: false },
  })).status()).toBe(201);

  // The customer posts the event, three weeks from the platform's now.
  const clock = await (await customer.request.post("/api/v1/test/clock", { data: { hours: 0 } })).json();
  const eventDay = new Date(new Date(clock.now).getTime() + 21 * 86_400_000).toISOString().slice(0, 10);
  const page = await customer.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/requests");
  await waitForHydration(page);
  const form = page.getByTestId("post-request");
  await form.getByTestId("request-kind").selectOption("wedding");
  await form.getByTestId("request-date").fill(eventDay);
  await form.getByTestId("request-city").selectOption("Dublin");
  await form.getByTestId("request-guests").fill("12");
  await form.getByLabel("Celery", { exact: true }).check();
  await form.getByTestId("request-notes").fill("A small wedding in a garden in Ranelagh.");
  await form.getByTestId("request-submit").click();
  await expect(page).toHaveURL(/\/requests\/\d+$/);
  const requestPath = new URL(page.url()).pathname;
  await expect(page.getByTestId("request-status")).toHaveText("Open for proposals");

  // The worker invites the chefs nearby.
  await expect
    .poll(async () => (await (await siobhan.context.request.get("/api/v1/me/invitations")).json()).items.map((r: { id: number }) => `/requests/${r.id}`), { timeout: 20_000 })
    .toContain(requestPath);

  // Siobhan proposes in the browser, watching her quote; Declan through the API.
  const chefPage = await siobhan.context.newPage();
  chefPage.on("pageerror", (error) => errors.push(error.message));
  await chefPage.goto(requestPath);
  await waitForHydration(chefPage);
  const proposal = chefPage.getByTestId("proposal-form");
  await expect(proposal.getByTestId("quote-problems")).toBeVisible();
  await proposal.getByTestId("proposal-dish").first().check();
  await expect(proposal.getByTestId("quote-line").first()).toContainText("seafood chowder");
  const quoted = minor(await proposal.getByTestId("quote-total").innerText());
  expect(quoted).toBeGreaterThan(0);
  await proposal.getByTestId("proposal-message").fill("Chowder with cod landed in Howth that morning.");
  await proposal.getByTestId("proposal-send").click();
  await expect(chefPage.getByTestId("my-proposal-state")).toHaveText("Your proposal: Proposal received");
  const requestId = Number(requestPath.split("/").pop());
  expect((await declan.context.request.post(`/api/v1/requests/${requestId}/proposals`, {
    data: { dish_ids: [declan.dishId], message: "Happy to cook for you." },
  })).status()).toBe(200);

  // The customer compares them side by side: the cheaper first, the allergy flagged, the
  // price the chef saw is the price offered.
  await page.reload();
  await waitForHydration(page);
  const columns = page.getByTestId("proposal");
  await expect(columns).toHaveCount(2);
  await expect(columns.nth(0).getByTestId("proposal-chef")).toHaveText("Declan Byrne");
  const siobhans = columns.filter({ hasText: "Siobhan Walsh" });
  await expect(siobhans.getByTestId("allergen-warning")).toContainText("contains celery");
  expect(minor(await siobhans.getByTestId("quote-total").innerText())).toBe(quoted);

  // Accepting Siobhan's declines Declan's.
  await siobhans.getByTestId("proposal-accept").click();
  await expect(page.getByTestId("request-status")).toHaveText("Booked");
  await expect(siobhans.getByTestId("proposal-state")).toHaveText("Accepted: waiting for payment");
  await expect(columns.filter({ hasText: "Declan Byrne" }).getByTestId("proposal-state")).toHaveText("Declined");
  await siobhans.getByTestId("proposal-booking").click();
  await expect(page).toHaveURL(/\/bookings\/\d+$/);
  await expect(page.getByTestId("booking-state")).toHaveText("Accepted: waiting for payment");
  expect(minor(await page.getByTestId("booking-total").innerText())).toBe(quoted);
  expect(errors).toEqual([]);
});
