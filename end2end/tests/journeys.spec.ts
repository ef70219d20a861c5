import { expect, Page, test } from "@playwright/test";

/** Waits until the WASM bundle has taken over the server-rendered page. */
async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("a visitor signs up, logs out, logs in, opens a chef and filters the dishes", async ({ page }) => {
  const email = `ana.${Date.now()}@example.com`;
  const password = "saffron-risotto-42";
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));

  // Sign up: the browser checks the email as soon as the field is left.
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").focus();
  await expect(page.getByTestId("error-email")).toContainText("does not look like an email");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Your name").fill("Ana Lopez");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-name")).toHaveText("Hello, Ana Lopez");
  await expect(page.getByTestId("nav-user")).toHaveText("Ana Lopez");

  // Log out, then a wrong password is refused without saying whether the account exists.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password-1");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);

  // The customer decides to cook for others.
  await expect(page.getByTestId("account-role")).toHaveText("customer");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Become a chef" }).click();
  await expect(page.getByTestId("account-role")).toHaveText("chef");
  await expect(page.getByRole("button", { name: "Become a chef" })).toHaveCount(0);

  // Open a chef from the list.
  await page.goto("/chefs");
  // A chef whose menu is not all vegan, so the vegan chip has something to hide.
  const firstChef = page
    .getByTestId("chef-card")
    .filter({ hasNot: page.locator(".tag", { hasText: "Plant-based" }) })
    .first();
  const chefName = (await firstChef.locator("h3").textContent())!.trim();
  await firstChef.click();
  await expect(page.getByTestId("chef-name")).toHaveText(chefName);
  await waitForHydration(page);

  // The diet chips filter the menu in the browser: no page load, only WASM.
  const count = page.getByTestId("dish-count");
  const all = await page.getByTestId("dish").count();
  await expect(count).toHaveText(`Showing ${all} of ${all} dishes`);
  const urlBefore = page.url();
  let navigations = 0;
  page.on("framenavigated", () => navigations++);

  await page.getByTestId("chip-diet-vegan").click();
  await expect(page.getByTestId("chip-diet-vegan")).toHaveAttribute("aria-pressed", "true");
  const vegan = await page.getByTestId("dish").count();
  expect(vegan).toBeLessThan(all);
  await expect(count).toHaveText(`Showing ${vegan} of ${all} dishes`);
  for (const dish of await page.getByTestId("dish").all()) {
    await expect(dish.locator(".badge-diet", { hasText: /^Vegan$/ })).toHaveCount(1);
  }

  await page.getByTestId("chip-diet-vegan").click();
  await expect(count).toHaveText(`Showing ${all} of ${all} dishes`);
  expect(page.url()).toBe(urlBefore);
  expect(navigations).toBe(0);
  expect(errors).toEqual([]);
});

test("a missing chef gets a 404 page", async ({ page }) => {
  const response = await page.goto("/chefs/999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("alert")).toHaveText("Chef not found.");
});
