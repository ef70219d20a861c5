// Screenshots of a booking with declared allergies, as the chef sees it, and of the quote
// explaining a day the chef does not take, at desktop and phone widths:
// node end2end/shots-booking.mjs <base-url> <out-dir>. Not a test: a look for people.
import { chromium } from "@playwright/test";

const [base = "http://127.0.0.1:3000", out = "/tmp/shots"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const stamp = Date.now();
const chefContext = await browser.newContext();
const signup = async (context, email, name, asChef) => {
  const response = await context.request.post(`${base}/api/v1/auth/signup`, {
    data: { email, password: "saffron-risotto-42", display_name: name, as_chef: asChef },
  });
  return (await response.json()).id;
};
const chefs = await (await fetch(`${base}/api/v1/chefs?per_page=1`)).json();
const chef = await (await fetch(`${base}/api/v1/chefs/${chefs.items[0].id}`)).json();
for (const width of [1366, 390]) {
  const context = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 844 } });
  await signup(context, `shots.${width}.${stamp}@example.com`, "Rui Costa", false);
  const page = await context.newPage();
  await page.goto(`${base}/chefs/${chef.id}`);
  await page.waitForSelector("body[data-hydrated=true]");
  const builder = page.getByTestId("quote-builder");
  await builder.getByTestId("quote-dish").nth(0).check();
  const busy = chef.busy[0];
  if (busy) {
    await builder.getByTestId("quote-date").fill(busy.starts_at.slice(0, 10));
    await builder.getByTestId("quote-problems").waitFor();
    await builder.scrollIntoViewIfNeeded();
    await builder.screenshot({ path: `${out}/quote-blocked-day-${width}.png` });
  }
  await page.goto(`${base}/chefs/${chef.id}`);
  await page.waitForSelector("body[data-hydrated=true]");
  await builder.getByTestId("quote-dish").nth(0).check();
  const request = page.getByTestId("booking-request");
  await request.getByRole("checkbox", { name: "Peanuts" }).check();
  await request.getByRole("checkbox", { name: "Milk" }).check();
  await request.getByRole("checkbox", { name: "Vegetarian" }).check();
  await builder.getByTestId("quote-special-diets").fill("2");
  await page.getByTestId("booking-submit").click();
  await page.waitForURL(/\/bookings\/\d+$/);
  await page.getByTestId("guest-needs").waitFor();
  await page.screenshot({ path: `${out}/booking-guest-needs-${width}.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(width, "booking page overflow px:", overflow);
  await context.close();
}
await chefContext.close();
await browser.close();
