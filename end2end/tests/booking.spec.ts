import { expect, test } from "@playwright/test";
import { lisbonChefWithOneDish, platformDay, signUp } from "./support/accounts";
import { expectUsable, waitForHydration } from "./support/pages";

/** "€1,234.56"-style text as minor units. */
function minor(text: string) {
  return Math.round(parseFloat(text.replace(/[^0-9.]/g, "")) * 100);
}

test("picking dishes on a chef's page updates the itemised quote live, and the API quotes the same", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const chefs = await (await page.request.get("/api/v1/chefs?per_page=1")).json();
  const chef = await (await page.request.get(`/api/v1/chefs/${chefs.items[0].id}`)).json();

  await page.goto(`/chefs/${chef.id}`);
  await waitForHydration(page);
  const builder = page.getByTestId("quote-builder");
  await expect(builder.getByTestId("quote-problems")).toContainText("Choose at least one dish.");

  // One dish: its line and a total appear.
  await builder.getByTestId("quote-dish").nth(0).check();
  await expect(builder.getByTestId("quote-line").first()).toContainText(chef.dishes[0].name);
  const one = minor(await builder.getByTestId("quote-total").innerText());
  expect(one).toBeGreaterThan(0);

  // A second dish costs more; more guests cost more again.
  await builder.getByTestId("quote-dish").nth(1).check();
  await expect.poll(async () => minor(await builder.getByTestId("quote-total").innerText())).toBeGreaterThan(one);
  const two = minor(await builder.getByTestId("quote-total").innerText());
  await builder.getByTestId("quote-guests").fill("30");
  await expect.poll(async () => minor(await builder.getByTestId("quote-total").innerText())).toBeGreaterThan(two);
  await expect(builder.getByTestId("quote-line").first()).toContainText("× 30 guests");

  // The server's calculator agrees to the cent.
  const date = await builder.getByTestId("quote-date").inputValue();
  const city = await builder.getByTestId("quote-city").inputValue();
  expect(city).toBe(chef.city);
  const [lat, lng] = CITY_CENTRES[city];
  const response = await page.request.post("/api/v1/quote", {
    data: {
      chef_id: chef.id,
      dish_ids: [chef.dishes[0].id, chef.dishes[1].id],
      guests: 30,
      starts_at: `${date}T19:00:00+00:00`,
      duration_hours: 4,
      lat,
      lng,
    },
  });
  expect(response.status()).toBe(200);
  const quote = await response.json();
  expect(minor(await builder.getByTestId("quote-total").innerText())).toBe(quote.total_minor);
  expect(await builder.getByTestId("quote-line").count()).toBe(quote.lines.length);

  expect(errors).toEqual([]);
});

/** The centres of the cities we serve (app/domain/src/places.rs), where the quote places the event. */
const CITY_CENTRES: Record<string, [number, number]> = {
  Paris: [48.8566, 2.3522], Lyon: [45.764, 4.8357], Berlin: [52.52, 13.405], Munich: [48.1351, 11.582],
  Madrid: [40.4168, -3.7038], Barcelona: [41.3874, 2.1686], Lisbon: [38.7223, -9.1393], Rome: [41.9028, 12.4964],
  Milan: [45.4642, 9.19], Amsterdam: [52.3676, 4.9041], Vienna: [48.2082, 16.3738], Dublin: [53.3498, -6.2603],
  London: [51.5074, -0.1278], "New York": [40.7128, -74.006],
};

test("a customer books a chef, the chef accepts, a declined card books nothing, the paid booking is released after the event and both review", async ({ browser }) => {
  const stamp = Date.now();
  const chef = await browser.newContext();
  const customer = await browser.newContext();
  const errors: string[] = [];

  // A chef with a profile, one dish and hours every day, and a customer: set up through the API.
  const chefId = await lisbonChefWithOneDish(chef.request, `marta.${stamp}@example.com`, "Marta Reis", "Arroz de pato");
  await signUp(customer.request, `rui.${stamp}@example.com`, "Rui Costa", false);

  // The event is ten days from the platform's now (a test clock, which this test moves); the
  // chef has the day after it off.
  const eventDay = await platformDay(customer.request, 10);
  const dayAfter = await platformDay(customer.request, 11);
  expect((await chef.request.post(`/api/v1/chefs/${chefId}/calendar`, {
    data: { starts_at: `${dayAfter}T00:00:00Z`, ends_at: `${dayAfter}T23:59:00Z`, reason: "Family" },
  })).status()).toBe(201);

  // The customer picks the dish and a date, watches the quote, and requests the booking.
  const customerPage = await customer.newPage();
  customerPage.on("pageerror", (error) => errors.push(error.message));
  await customerPage.goto(`/chefs/${chefId}`);
  await waitForHydration(customerPage);
  await expectUsable(customerPage, "the chef's page");
  const builder = customerPage.getByTestId("quote-builder");
  await builder.getByTestId("quote-dish").first().check();
  await expect(customerPage.getByTestId("quote-bar-price")).toHaveText(/for 10 guests/);

  // What the chef cannot take is explained before anything is sent, and cannot be requested.
  const submit = customerPage.getByTestId("booking-submit");
  await builder.getByTestId("quote-date").fill(dayAfter);
  await expect(builder.getByTestId("quote-problems")).toContainText("Marta Reis is not free then");
  await expect(submit).toBeDisabled();
  await builder.getByTestId("quote-date").fill(eventDay);
  await builder.getByTestId("quote-time").fill("09:00");
  await expect(builder.getByTestId("quote-problems")).toContainText("the event must fit inside those hours");
  await expect(submit).toBeDisabled();
  await builder.getByTestId("quote-time").fill("19:00");
  await builder.getByTestId("quote-guests").fill("200");
  await expect(builder.getByTestId("quote-problems")).toContainText("cooks for 2 to 60 guests");
  await expect(submit).toBeDisabled();
  await builder.getByTestId("quote-guests").fill("10");
  await expect(submit).toBeEnabled();

  await expect(builder.getByTestId("quote-line").first()).toContainText("Arroz de pato");
  const total = await builder.getByTestId("quote-total").innerText();
  const request = customerPage.getByTestId("booking-request");
  await request.getByRole("checkbox", { name: "Peanuts" }).check();
  await request.getByRole("checkbox", { name: "Vegetarian" }).check();
  await customerPage.getByTestId("booking-kind").selectOption("birthday");
  await customerPage.getByTestId("booking-message").fill("A birthday dinner on our terrace.");
  await customerPage.getByTestId("booking-submit").click();
  await expect(customerPage).toHaveURL(/\/bookings\/\d+$/);
  const bookingPath = new URL(customerPage.url()).pathname;
  const bookingId = Number(bookingPath.split("/").pop());
  await expect(customerPage.getByTestId("booking-state")).toHaveText("Waiting for the chef");
  await expect(customerPage.getByTestId("booking-total")).toHaveText(total);
  await expect(customerPage.getByTestId("messages")).toContainText("A birthday dinner on our terrace.");
  // Times in the event's own clock, its place named; the customer withdraws, never declines.
  await expect(customerPage.locator(".booking-when")).toContainText("19:00 Lisbon time");
  await expect(customerPage.getByTestId("step-decline")).toHaveCount(0);
  await expect(customerPage.getByTestId("step-cancel")).toHaveText("Withdraw the request");
  await expectUsable(customerPage, "the customer's booking page");

  // The chef learns the guests' allergy before anything else: in the notification and on
  // the booking.
  const feed = await (await chef.request.get("/api/v1/notifications")).json();
  const told = feed.items.find((n: { title: string }) => n.title.startsWith("New booking request"));
  expect(told.body).toContain("Allergies: Peanuts. Diets: Vegetarian.");
  const chefPage = await chef.newPage();
  chefPage.on("pageerror", (error) => errors.push(error.message));
  await chefPage.goto(bookingPath);
  await waitForHydration(chefPage);
  await expect(chefPage.getByTestId("guest-allergies")).toHaveText("Allergies: Peanuts.");
  await expect(chefPage.getByTestId("guest-diets")).toHaveText("Diets: Vegetarian.");
  await expectUsable(chefPage, "the chef's booking page");

  // The chef accepts.
  await chefPage.getByTestId("step-accept").click();
  await expect(chefPage.getByTestId("booking-state")).toHaveText("Accepted: waiting for payment");

  // The customer's open page follows without a reload: the new state, and payment offered.
  await expect(customerPage.getByTestId("booking-state")).toHaveText("Accepted: waiting for payment");
  await expect(customerPage.getByTestId("card-number")).toBeVisible();

  // A message reaches the other side's open page within two seconds, no reload.
  await chefPage.getByTestId("message-body").fill("Peanut-free kitchen, promised.");
  await chefPage.getByTestId("message-send").click();
  await expect(customerPage.getByTestId("messages")).toContainText("Peanut-free kitchen, promised.", { timeout: 2_000 });

  // A declined card: a clear error, and nothing is booked or charged.
  const pay = async (number: string) => {
    await customerPage.getByTestId("card-number").fill(number);
    await customerPage.getByTestId("card-cvc").fill("123");
    await customerPage.getByTestId("pay").click();
  };
  await pay("4000 0000 0000 0002");
  await expect(customerPage.getByTestId("payment-error")).toContainText("declined");
  await expect(customerPage.getByTestId("booking-state")).toHaveText("Accepted: waiting for payment");
  const unpaid = await (await customer.request.get(`/api/v1/bookings/${bookingId}`)).json();
  expect(unpaid.money.paid_minor).toBe(0);

  // A good card: paid, held in escrow.
  await pay("4242 4242 4242 4242");
  await expect(customerPage.getByTestId("booking-state")).toHaveText("Paid: held until after the event");
  await expect(customerPage.getByTestId("booking-money")).toContainText("Held until after the event");

  // Time passes beyond the event and the 24-hour complaint window: the chef is paid.
  expect((await customer.request.post("/api/v1/test/clock", { data: { hours: 12 * 24 } })).status()).toBe(200);
  await expect
    .poll(async () => (await (await chef.request.get(`/api/v1/bookings/${bookingId}`)).json()).state, { timeout: 20_000 })
    .toBe("released");
  await chefPage.reload();
  await waitForHydration(chefPage);
  await expect(chefPage.getByTestId("booking-state")).toHaveText("Completed and paid out");

  // Both review; each sees the other's once both have written.
  await chefPage.getByTestId("review-text").fill("Warm hosts and a tidy kitchen.");
  await chefPage.getByTestId("review-submit").click();
  await expect(chefPage.getByTestId("my-review")).toContainText("Warm hosts");
  await customerPage.reload();
  await waitForHydration(customerPage);
  await expect(customerPage.getByTestId("review-hidden")).toBeVisible();
  await customerPage.getByTestId("review-food").selectOption("4");
  await customerPage.getByTestId("review-text").fill("The arroz de pato was the best we ever had.");
  await customerPage.getByTestId("review-submit").click();
  await expect(customerPage.getByTestId("their-review")).toContainText("Warm hosts");

  // The customer's review is now public on the chef's page, and the chef's stars count it.
  await customerPage.goto(`/chefs/${chefId}`);
  await expect(customerPage.getByTestId("chef-review").first()).toContainText("arroz de pato");
  await expect(customerPage.locator(".chef-reviews-summary").getByTestId("star-rating")).toContainText("from 1 review");

  // The chef's earnings: owed, then paid out, on the chart.
  await chefPage.goto("/kitchen/earnings");
  await waitForHydration(chefPage);
  expect(minor(await chefPage.getByTestId("earnings-owed").innerText())).toBeGreaterThan(0);
  await chefPage.getByTestId("payout").click();
  await expect(chefPage.getByTestId("payout-bar")).toHaveCount(1);
  expect(minor(await chefPage.getByTestId("earnings-owed").innerText())).toBe(0);
  expect(minor(await chefPage.getByTestId("earnings-paid-out").innerText())).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test("a visitor who signs up in the middle of a booking comes back to their choices and books", async ({ page, browser }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // A chef of this test's own: a demo chef's rank (and so price) moves when the nightly
  // re-rank runs after another test moves the clock.
  const chef = await browser.newContext();
  const chefId = await lisbonChefWithOneDish(chef.request, `beatriz.${Date.now()}@example.com`, "Beatriz Nunes", "Açorda de marisco");

  await page.goto(`/chefs/${chefId}`);
  await waitForHydration(page);
  const builder = page.getByTestId("quote-builder");
  await builder.getByTestId("quote-dish").nth(0).check();
  await builder.getByTestId("quote-guests").fill("12");
  // Other tests move the platform's clock ahead of the browser's: the first day from a month
  // after the platform's today that the chef can take.
  const clock = await (await page.request.post("/api/v1/test/clock", { data: { hours: 0 } })).json();
  for (let day = 30; day < 60; day++) {
    const candidate = new Date(new Date(clock.now).getTime() + day * 86_400_000).toISOString().slice(0, 10);
    await builder.getByTestId("quote-date").fill(candidate);
    if (await builder.getByTestId("quote-problems").count() === 0) break;
  }
  await expect(builder.getByTestId("quote-line").first()).toContainText("× 12 guests");
  const date = await builder.getByTestId("quote-date").inputValue();
  const total = await builder.getByTestId("quote-total").innerText();
  const request = page.getByTestId("booking-request");
  await request.getByRole("checkbox", { name: "Sesame" }).check();
  await page.getByTestId("booking-message").fill("Our first dinner in the new flat.");
  await page.getByTestId("booking-submit").click();

  // Signing up first; the choices wait in the browser.
  await expect(page).toHaveURL(/\/signup\?next=/);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(`ines.${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("saffron-risotto-42");
  await page.getByLabel("Your name").fill("Inês Duarte");
  await page.getByRole("button", { name: "Sign up" }).click();

  // Back on the chef's page with everything as it was, and the header knows who is here.
  await expect(page).toHaveURL(new RegExp(`/chefs/${chefId}#book$`));
  await expect(page.getByTestId("nav-user")).toHaveText("Inês Duarte");
  await expect(builder.getByTestId("quote-dish").nth(0)).toBeChecked();
  await expect(builder.getByTestId("quote-guests")).toHaveValue("12");
  await expect(builder.getByTestId("quote-date")).toHaveValue(date);
  await expect(builder.getByTestId("quote-total")).toHaveText(total);
  await expect(request.getByRole("checkbox", { name: "Sesame" })).toBeChecked();
  await expect(page.getByTestId("booking-message")).toHaveValue("Our first dinner in the new flat.");

  await page.getByTestId("booking-submit").click();
  await expect(page).toHaveURL(/\/bookings\/\d+$/);
  await expect(page.getByTestId("guest-allergies")).toHaveText("Allergies: Sesame.");
  expect(errors).toEqual([]);
});
