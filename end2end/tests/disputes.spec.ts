import { APIRequestContext, expect, Page, test } from "@playwright/test";
import { signUp } from "./support/accounts";

async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

type Rank = { score: number; components: { component: string; input_summary: string; points: number }[] };

async function rankOf(request: APIRequestContext, chefId: number): Promise<Rank> {
  return (await request.get(`/api/v1/chefs/${chefId}/rank`)).json();
}

function reliability(rank: Rank) {
  return rank.components.find((c) => c.component === "reliability")!;
}

test("a customer opens a dispute, the chef does not answer, the deadline refunds the customer and lowers the chef's rank", async ({ browser }) => {
  const stamp = Date.now();
  const chef = await browser.newContext();
  const customer = await browser.newContext();
  const errors: string[] = [];

  const chefId = await signUp(chef.request, `joana.${stamp}@example.com`, "Joana Lopes", true);
  await signUp(customer.request, `tiago.${stamp}@example.com`, "Tiago Sousa", false);
  expect((await chef.request.put(`/api/v1/chefs/${chefId}/profile`, {
    data: {
      headline: "Market-fresh Portuguese dinners", bio: "Eight years in Lisbon restaurants, now cooking at home for friends.",
      years_experience: 8, education: [], certifications: [], languages: [{ language: "Portuguese", proficiency: "native" }],
      cuisines: ["Portuguese"], city: "Lisbon", lat: 38.72, lng: -9.14,
      service_radius_km: 40, base_rate_minor: 6000, min_guests: 2, max_guests: 40,
    },
  })).status()).toBe(200);
  const dish = await (await chef.request.post(`/api/v1/chefs/${chefId}/dishes`, {
    data: {
      name: "Caldeirada", course: "main", ingredients: ["fish", "potato", "pepper"], dietary: [], allergens: ["fish"],
      price_per_guest_minor: 2600, min_guests: 2, prep_minutes: 60,
    },
  })).json();

  // A paid booking three days from the platform's now (a test clock this test moves).
  const clock = await (await customer.request.post("/api/v1/test/clock", { data: { hours: 0 } })).json();
  const startsAt = new Date(new Date(clock.now).getTime() + 3 * 86_400_000).toISOString();
  const booking = await (await customer.request.post("/api/v1/bookings", {
    data: {
      chef_id: chefId, dish_ids: [dish.id],
      event: { kind: "birthday", starts_at: startsAt, duration_hours: 4, guests: 8, city: "Lisbon", lat: 38.71, lng: -9.13 },
    },
  })).json();
  expect((await chef.request.post(`/api/v1/bookings/${booking.id}/accept`)).status()).toBe(200);
  const paid = await customer.request.post(`/api/v1/bookings/${booking.id}/pay`, {
    headers: { "Idempotency-Key": `pay-${stamp}` },
    data: { number: "4242424242424242", exp_month: 12, exp_year: 2099, cvc: "123" },
  });
  expect(paid.status()).toBe(200);
  const paidMinor = (await paid.json()).money.paid_minor as number;

  // The chef's rank once the worker has counted the accepted request.
  await expect.poll(async () => reliability(await rankOf(chef.request, chefId)).input_summary, { timeout: 20_000 })
    .toContain("answers in");
  const before = await rankOf(chef.request, chefId);
  expect(reliability(before).input_summary).toContain("0 disputes lost");

  // Two hours after the start, nobody has come: the customer opens a dispute on the page.
  expect((await customer.request.post("/api/v1/test/clock", { data: { hours: 3 * 24 + 2 } })).status()).toBe(200);
  const bookingPath = `/bookings/${booking.id}`;
  const customerPage = await customer.newPage();
  customerPage.on("pageerror", (error) => errors.push(error.message));
  await customerPage.goto(bookingPath);
  await waitForHydration(customerPage);
  await customerPage.getByTestId("dispute-open").locator("summary").click();
  await customerPage.getByTestId("dispute-category").selectOption("chef_no_show");
  await customerPage.getByTestId("dispute-description").fill("We waited two hours and nobody came to cook.");

  // The chef writes meanwhile: the page follows live, and what the customer typed stays.
  expect((await chef.request.post(`/api/v1/bookings/${booking.id}/messages`, {
    data: { body: "Running late, so sorry!" },
  })).status()).toBe(201);
  await expect(customerPage.getByTestId("messages")).toContainText("Running late, so sorry!");
  await expect(customerPage.getByTestId("dispute-description")).toHaveValue("We waited two hours and nobody came to cook.");
  await expect(customerPage.getByTestId("dispute-category")).toHaveValue("chef_no_show");
  await customerPage.getByTestId("dispute-submit").click();
  await expect(customerPage.getByTestId("dispute-status")).toHaveText("Waiting for the other side's answer");
  await expect(customerPage.getByTestId("dispute-deadline")).toContainText("silence loses");

  // A photo as evidence (a screenshot stands in for the empty kitchen); it joins the trail.
  const picture = await customerPage.screenshot();
  await customerPage.getByTestId("dispute-photo").setInputFiles({ name: "kitchen.png", mimeType: "image/png", buffer: picture });
  await customerPage.getByTestId("dispute-photo-caption").fill("The empty kitchen at 21:00");
  await customerPage.getByTestId("dispute-add-photo").click();
  await expect(customerPage.getByTestId("dispute-trail")).toContainText("The empty kitchen at 21:00");
  await expect(customerPage.getByTestId("dispute-trail").locator("img.evidence")).toHaveCount(1);

  // The chef sees the claim and the answer form, and does not answer.
  const chefPage = await chef.newPage();
  chefPage.on("pageerror", (error) => errors.push(error.message));
  await chefPage.goto(bookingPath);
  await waitForHydration(chefPage);
  await expect(chefPage.getByTestId("dispute")).toContainText("We waited two hours");
  await expect(chefPage.getByTestId("dispute-accept")).toBeVisible();

  // The 48-hour deadline passes: silence loses, and everything goes back to the customer.
  expect((await customer.request.post("/api/v1/test/clock", { data: { hours: 49 } })).status()).toBe(200);
  await expect
    .poll(async () => (await (await customer.request.get(`/api/v1/bookings/${booking.id}/dispute`)).json()).status, { timeout: 20_000 })
    .toBe("ruled");
  const refund = (paidMinor / 100).toFixed(2);
  for (const page of [customerPage, chefPage]) {
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByTestId("dispute-status")).toHaveText("Ruled");
    await expect(page.getByTestId("dispute-ruling")).toContainText("did not answer within 48 hours");
    await expect(page.getByTestId("dispute-refund-amount")).toContainText(refund);
    await expect(page.getByTestId("booking-money")).toContainText(refund);
    await expect(page.getByTestId("dispute-trail")).toContainText("Did not answer in time");
    await page.goto("/notifications");
    await waitForHydration(page);
    await expect(page.getByTestId("feed")).toContainText(`Dispute on booking #${booking.id} ruled`);
  }

  // The lost dispute lowers the chef's reliability and rank, on the API and the chef's own page.
  await expect.poll(async () => reliability(await rankOf(chef.request, chefId)).input_summary, { timeout: 20_000 })
    .toContain("1 dispute lost");
  const after = await rankOf(chef.request, chefId);
  expect(reliability(after).points).toBeLessThan(reliability(before).points);
  expect(after.score).toBeLessThan(before.score);
  await chefPage.goto(`/chefs/${chefId}`);
  await waitForHydration(chefPage);
  await expect(chefPage.getByTestId("rank-breakdown")).toContainText("1 dispute lost");
  await expect(chefPage.getByTestId("rank-score")).toContainText(after.score.toFixed(1));
  expect(errors).toEqual([]);
});
