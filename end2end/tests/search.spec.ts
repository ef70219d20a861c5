import { APIRequestContext, expect, Page, test } from "@playwright/test";

async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

const CITIES = ["Paris", "Lyon", "Berlin", "Munich", "Madrid", "Barcelona", "Lisbon", "Rome", "Milan", "Amsterdam", "Vienna", "Dublin", "London"];

/** A city and radius where the demo data has at least two sushi chefs, found through the API. */
async function sushiCity(request: APIRequestContext) {
  for (const radius of [50, 100, 250, 500]) {
    for (const city of CITIES) {
      const response = await request.get(`/api/v1/search/chefs?q=sushi&city=${city}&radius_km=${radius}`);
      expect(response.status()).toBe(200);
      const page = await response.json();
      if (page.total >= 2) return { city, radius, total: page.total as number };
    }
  }
  throw new Error("no city with two sushi chefs in the demo data");
}

async function distances(page: Page) {
  const texts = await page.getByTestId("hit-distance").allTextContents();
  return texts.map((text) => {
    expect(text).toMatch(/^\d+(\.\d)? km$/);
    return parseFloat(text);
  });
}

async function hitIds(page: Page) {
  return page.getByTestId("search-hit").evaluateAll((hits) => hits.map((hit) => hit.getAttribute("data-chef-id")));
}

test("searching sushi near a city lists chefs nearest first, filters update in place, and the URL reproduces the search", async ({ page, browser }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const { city, radius, total } = await sushiCity(page.request);

  // The home page's search box leads to the search page.
  await page.goto("/");
  await waitForHydration(page);
  await page.locator("#hero-q").fill("sushi");
  await page.locator("#hero-city").selectOption(city);
  await page.getByRole("button", { name: "Find a chef" }).click();
  await expect(page).toHaveURL(new RegExp(`/search\\?q=sushi&city=${city}$`));
  await waitForHydration(page);
  await expect(page.getByTestId("search-map")).toBeVisible();

  // A filter changes the results without a page load: a mark left on the window survives.
  await page.evaluate(() => ((window as any).stillTheSamePage = true));
  await page.getByTestId("search-radius-km").selectOption(String(radius));
  await expect(page).toHaveURL(new RegExp(`radius_km=${radius}`));
  await expect(page.getByTestId("search-count")).toContainText(`${total} ${total === 1 ? "chef" : "chefs"} within ${radius} km of ${city}`);
  expect(await page.evaluate(() => (window as any).stillTheSamePage)).toBe(true);

  // Nearest first, each with its distance.
  const shown = await distances(page);
  expect(shown.length).toBeGreaterThanOrEqual(2);
  expect(shown).toEqual([...shown].sort((a, b) => a - b));
  expect(Math.max(...shown)).toBeLessThanOrEqual(radius);

  // Typing narrows the results in place too: a text nobody matches empties the list.
  await page.getByTestId("search-q").fill("sushi zzzqqq");
  await expect(page.getByTestId("search-count")).toContainText(`0 chefs within ${radius} km`);
  await expect(page).toHaveURL(/q=sushi\+zzzqqq/);
  await page.getByTestId("search-q").fill("sushi");
  await expect(page.getByTestId("search-count")).toContainText(`${total} `);
  expect(await page.evaluate(() => (window as any).stillTheSamePage)).toBe(true);

  // Sorting by price reorders the same chefs.
  await page.getByTestId("search-sort").selectOption("price");
  await expect(page).toHaveURL(/sort=price/);
  const url = page.url();
  const ids = await hitIds(page);
  expect(ids.length).toBeGreaterThanOrEqual(2);

  // The address alone reproduces the search in a fresh browser, rendered by the server.
  const other = await browser.newContext();
  const shared = await other.newPage();
  await shared.goto(url);
  await expect(shared.getByTestId("search-count")).toContainText(`${total} `);
  expect(await hitIds(shared)).toEqual(ids);
  await expect(shared.getByTestId("search-sort")).toHaveValue("price");
  await expect(shared.getByTestId("search-radius-km")).toHaveValue(String(radius));
  await other.close();

  expect(errors).toEqual([]);
});

test("a bad value in a shared search address is explained on the page", async ({ page }) => {
  await page.goto("/search?city=Paris&radius_km=9000");
  await expect(page.getByTestId("search-errors")).toContainText("at most 500 km");
});
