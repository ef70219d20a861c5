import { expect, Page, test } from "@playwright/test";
import { signUp } from "./support/accounts";
import { readFileSync } from "node:fs";
import path from "node:path";

// A second server, configured for Stripe against a local stand-in for Stripe's API
// (playwright.config.ts); Stripe.js is replaced by a fake with the same surface.
const STRIPE_SERVER = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT || 3101}`;
const FAKE_STRIPE_JS = readFileSync(path.join(__dirname, "..", "fixtures", "fake-stripe.js"), "utf8");

async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("with Stripe configured, the customer pays in Stripe's card field and the card number never reaches Chef Galaxy", async ({ browser }) => {
  const stamp = Date.now();
  const chef = await browser.newContext({ baseURL: STRIPE_SERVER });
  const customer = await browser.newContext({ baseURL: STRIPE_SERVER });
  const chefId = await signUp(chef.request, `ines.${stamp}@example.com`, "Inês Prado", true);
  await signUp(customer.request, `tomas.${stamp}@example.com`, "Tomás Reis", false);
  expect((await chef.request.put(`/api/v1/chefs/${chefId}/profile`, {
    data: {
      headline: "Market cooking", bio: "Eight years in Lisbon.", years_experience: 8, education: [], certifications: [],
      languages: [{ language: "Portuguese", proficiency: "native" }], cuisines: ["Portuguese"], city: "Lisbon",
      lat: 38.72, lng: -9.14, service_radius_km: 30, base_rate_minor: 5000, min_guests: 2, max_guests: 20,
    },
  })).status()).toBe(200);
  const dish = await (await chef.request.post(`/api/v1/chefs/${chefId}/dishes`, {
    data: {
      name: "Polvo à lagareiro", course: "main", ingredients: ["octopus", "potato"], dietary: [], allergens: ["molluscs"],
      price_per_guest_minor: 2600, min_guests: 2, prep_minutes: 60,
    },
  })).json();
  const startsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const booking = await (await customer.request.post("/api/v1/bookings", {
    data: {
      chef_id: chefId, dish_ids: [dish.id],
      event: { kind: "dinner", starts_at: startsAt, duration_hours: 3, guests: 6, city: "Lisbon", lat: 38.72, lng: -9.14 },
    },
  })).json();
  expect((await chef.request.post(`/api/v1/bookings/${booking.id}/accept`)).status()).toBe(200);

  // Everything the page sends to our server is recorded, to check no card number is in it.
  const page = await customer.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const sentToUs: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(STRIPE_SERVER)) sentToUs.push(`${request.url()} ${request.postData() ?? ""}`);
  });
  await page.route("https://js.stripe.com/v3/", (route) =>
    route.fulfill({ contentType: "application/javascript", body: FAKE_STRIPE_JS }));
  await page.goto(`/bookings/${booking.id}`);
  await waitForHydration(page);
  const card = page.getByTestId("stripe-card").getByTestId("fake-stripe-card");
  await expect(card).toBeVisible();
  await expect(page.getByTestId("card-number")).toHaveCount(0);

  // Stripe's own check fails first; then a declined card; then a good one.
  await card.fill("4242");
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-error")).toContainText("incomplete");
  await card.fill("4000 0000 0000 0002");
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-error")).toContainText("declined");
  await expect(page.getByTestId("booking-state")).toHaveText("Accepted: waiting for payment");
  await card.fill("4242 4242 4242 4242");
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("booking-state")).toHaveText("Paid: held until after the event");
  await expect(page.getByTestId("booking-money")).toContainText("Held until after the event");

  expect(sentToUs.some((line) => line.includes("pm_card_visa"))).toBe(true);
  expect(sentToUs.filter((line) => /4242[ +%20]*4242[ +%20]*4242|4000[ +%20]*0000[ +%20]*0000/.test(line))).toEqual([]);
  expect(errors).toEqual([]);
});
