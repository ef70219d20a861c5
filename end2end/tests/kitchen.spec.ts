import { expect, Page, test } from "@playwright/test";

async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A day some weeks ahead, as the date input wants it and as the chef's page writes it. */
function dayAhead(days: number) {
  const date = new Date(Date.now() + days * 86_400_000);
  const iso = date.toISOString().slice(0, 10);
  const label = `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return { iso, label };
}

test("a new chef fills the kitchen and the public page shows all of it after a reload", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const flash = page.getByTestId("flash");

  // A new user signs up as a chef.
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(`rita.${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("saffron-risotto-42");
  await page.getByLabel("Your name").fill("Rita Fonseca");
  await page.getByTestId("as-chef").check();
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("account-role")).toHaveText("chef");
  await page.getByTestId("nav-kitchen").click();
  await expect(page).toHaveURL(/\/kitchen$/);
  await waitForHydration(page);

  // The browser points at a bad value before anything is sent.
  await page.getByLabel("Headline").fill("Chef");
  await page.getByLabel("About you").focus();
  await expect(page.getByTestId("error-headline")).toHaveText("Write at least 10 characters.");
  await page.getByLabel("Headline").fill("Seasonal Portuguese cooking for weddings");
  await expect(page.getByTestId("error-headline")).toHaveText("");

  await page.getByLabel("About you").fill("Twelve years between Lisbon and Porto kitchens; I cook what the market has.");
  await page.getByLabel("Years of experience").fill("12");
  await page.getByLabel(/Hourly rate/).fill("65");
  await page.getByLabel("Fewest guests").first().fill("2");
  await page.getByLabel("Most guests").fill("60");
  await page.getByRole("checkbox", { name: "Portuguese" }).check();
  await page.getByTestId("add-language").click();
  const language = page.getByTestId("language-row");
  await language.getByLabel("Language").fill("Portuguese");
  await language.getByLabel("Level").selectOption("native");
  await page.getByTestId("add-education").click();
  const training = page.getByTestId("education-row");
  await training.getByLabel("School or kitchen").fill("Escola de Hotelaria de Lisboa");
  await training.getByLabel("Year").fill("2013");
  await page.getByTestId("add-certification").click();
  const certificate = page.getByTestId("certification-row");
  await certificate.getByLabel("Certificate").fill("Food hygiene level 2");
  await certificate.getByLabel("Expires on").fill("2028-03-01");
  await page.getByLabel("Home city").selectOption("Lisbon");
  await page.getByTestId("save-profile").click();
  await expect(flash).toHaveText("Profile saved.");
  // The message stands beside the button that was pressed.
  await expect.poll(async () => {
    const pressed = await page.getByTestId("save-profile").boundingBox();
    const said = await flash.boundingBox();
    return pressed && said ? Math.abs(said.y - pressed.y) : Infinity;
  }).toBeLessThan(60);
  await expect(page.getByTestId("public-link")).toBeVisible();

  // The home pin is dragged on the street map (tiles from the stand-in), and the saved
  // coordinates follow it.
  const chefId = Number((await page.getByTestId("public-link").innerText()).split("/").pop());
  const area = page.getByTestId("service-area-map");
  await expect(area.locator(".leaflet-tile-loaded").first()).toBeVisible();
  const pin = area.locator(".map-marker-home");
  await pin.scrollIntoViewIfNeeded();
  const before = Number(await page.locator("#profile-lng").inputValue());
  const box = (await pin.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => Number(await page.locator("#profile-lng").inputValue())).toBeGreaterThan(before);
  const dragged = Number(await page.locator("#profile-lng").inputValue());
  await page.getByTestId("save-profile").click();
  await expect.poll(async () => (await (await page.request.get(`/api/v1/chefs/${chefId}`)).json()).lng).toBeCloseTo(dragged, 4);

  // A photo: any PNG will do, so a screenshot of this page is uploaded.
  await page.getByTestId("kitchen-tab-photos").click();
  const picture = await page.screenshot();
  await page.getByTestId("photo-file").setInputFiles({ name: "rita.png", mimeType: "image/png", buffer: picture });
  await page.getByLabel("Use it as").selectOption("profile");
  await page.getByTestId("upload-photo").click();
  await expect(flash).toHaveText("Profile photo updated.");
  await expect(page.getByTestId("kitchen-profile-photo")).toBeVisible();

  // Three dishes.
  await page.getByTestId("kitchen-tab-dishes").click();
  const dishes: [string, string, string][] = [
    ["Caldo verde", "starter", "7.50"],
    ["Bacalhau à Brás", "main", "22"],
    ["Pastel de nata", "dessert", "5"],
  ];
  for (const [index, [name, course, price]] of dishes.entries()) {
    await page.locator("#dish-name").fill(name);
    await page.locator("#dish-course").selectOption(course);
    await page.locator("#dish-ingredients").fill("olive oil, garlic, potato");
    await page.locator("#dish-price").fill(price);
    await page.getByTestId("save-dish").click();
    await expect(flash).toHaveText(`“${name}” saved.`);
    await expect(page.getByTestId("kitchen-dish")).toHaveCount(index + 1);
  }

  // A menu of the three, starter first.
  await page.getByTestId("kitchen-tab-menus").click();
  await page.locator("#menu-name").fill("Lisbon evening");
  for (const [name] of dishes) {
    await page.getByTestId("menu-form").locator("label.check", { hasText: name }).locator("input").check();
  }
  await page.locator("#menu-price").fill("30");
  await page.getByTestId("save-menu").click();
  await expect(flash).toHaveText("Menu “Lisbon evening” saved.");
  await expect(page.getByTestId("kitchen-menu")).toContainText("Caldo verde → Bacalhau à Brás → Pastel de nata");

  // A blocked date.
  await page.getByTestId("kitchen-tab-calendar").click();
  const day = dayAhead(30);
  await page.locator("#block-first").fill(day.iso);
  await page.locator("#block-reason").fill("Family wedding");
  await page.getByTestId("block-dates").click();
  await expect(flash).toHaveText("Dates blocked.");
  await expect(page.getByTestId("kitchen-block")).toHaveCount(1);

  // The public page, reloaded, shows all of it.
  await page.getByTestId("public-link").click();
  await expect(page).toHaveURL(/\/chefs\/\d+$/);
  await page.reload();
  await expect(page.getByTestId("chef-name")).toHaveText("Rita Fonseca");
  await expect(page.getByTestId("chef-headline")).toHaveText("Seasonal Portuguese cooking for weddings");
  await expect(page.getByTestId("profile-photo")).toBeVisible();
  await expect(page.getByTestId("languages")).toContainText("Portuguese");
  await expect(page.getByTestId("education")).toContainText("Escola de Hotelaria de Lisboa");
  await expect(page.getByTestId("certifications")).toContainText("Food hygiene level 2");
  await expect(page.getByTestId("service-area-map")).toBeVisible();
  await expect(page.getByTestId("dish")).toHaveCount(3);
  await expect(page.getByTestId("menu")).toContainText("Lisbon evening");
  await expect(page.getByTestId("busy")).toContainText(day.label);
  await expect(page.getByText("Family wedding")).toHaveCount(0);
  expect(errors).toEqual([]);
});
