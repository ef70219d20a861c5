import { APIRequestContext, expect, Page, test } from "@playwright/test";

async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

async function signUp(request: APIRequestContext, email: string, asChef: boolean) {
  const response = await request.post("/api/v1/auth/signup", {
    data: { email, password: "saffron-risotto-42", display_name: asChef ? "Rita Fonseca" : "Bruno Costa", as_chef: asChef },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).id as number;
}

test("the chef's bell counts up live when a customer saves them, and the feed marks all read", async ({ page, browser }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const stamp = Date.now();

  // A chef with a profile, logged in in this browser.
  const chefId = await signUp(page.request, `rita.${stamp}@example.com`, true);
  const profile = await page.request.put(`/api/v1/chefs/${chefId}/profile`, {
    data: {
      headline: "Seasonal Portuguese cooking for weddings",
      bio: "Twelve years between Lisbon and Porto kitchens.",
      years_experience: 12, education: [], certifications: [],
      languages: [{ language: "Portuguese", proficiency: "native" }],
      cuisines: ["Portuguese"], city: "Lisbon", lat: 38.72, lng: -9.14,
      service_radius_km: 40, base_rate_minor: 6500, min_guests: 2, max_guests: 60,
    },
  });
  expect(profile.status()).toBe(200);
  await page.goto("/");
  await waitForHydration(page);
  const count = page.getByTestId("unread-count");
  await expect(count).toHaveText("1"); // the welcome

  // A customer, in another browser, saves the chef from the chef's page.
  const customer = await browser.newContext();
  const customerPage = await customer.newPage();
  await signUp(customerPage.request, `bruno.${stamp}@example.com`, false);
  await customerPage.goto(`/chefs/${chefId}`);
  await waitForHydration(customerPage);
  await customerPage.getByTestId("save-chef").click();
  await expect(customerPage.getByTestId("save-chef")).toHaveText("Saved");

  // The chef's open page hears of it without a reload.
  await expect(count).toHaveText("2");
  await page.getByTestId("bell").click();
  await expect(page).toHaveURL(/\/notifications$/);
  await waitForHydration(page);
  await expect(page.getByTestId("feed-item").first()).toContainText("Bruno Costa saved your profile");
  await expect(page.getByTestId("unread-summary")).toHaveText("2 unread");
  await page.getByTestId("mark-all-read").click();
  await expect(page.getByTestId("unread-summary")).toHaveText("All read.");
  await expect(count).toHaveCount(0);

  // Another save arrives while the feed is open: it appears at the top, and the bell counts it.
  const third = await browser.newContext();
  await signUp(third.request, `carla.${stamp}@example.com`, false);
  expect((await third.request.put(`/api/v1/me/saved-chefs/${chefId}`)).status()).toBe(204);
  await expect(count).toHaveText("1");
  await expect(page.getByTestId("unread-summary")).toHaveText("1 unread");

  await customer.close();
  await third.close();
  expect(errors).toEqual([]);
});
