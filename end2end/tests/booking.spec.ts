import { expect, Page, test } from "@playwright/test";

async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

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
