// Screenshots of the quote builder refusing what a chef cannot take, at desktop and phone
// widths: node end2end/shots.mjs <base-url> <out-dir>. Not a test: a look for people.
import { chromium } from "@playwright/test";

const [base = "http://127.0.0.1:3000", out = "/tmp/shots"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const chefs = await (await fetch(`${base}/api/v1/chefs?per_page=1`)).json();
const chef = await (await fetch(`${base}/api/v1/chefs/${chefs.items[0].id}`)).json();
for (const width of [1366, 390]) {
  const page = await browser.newPage({ viewport: { width, height: width > 500 ? 900 : 844 } });
  await page.goto(`${base}/chefs/${chef.id}`);
  await page.waitForSelector("body[data-hydrated=true]");
  const builder = page.getByTestId("quote-builder");
  await builder.getByTestId("quote-dish").nth(0).check();
  await builder.getByTestId("quote-guests").fill(String(chef.max_guests + 50));
  await builder.getByTestId("quote-problems").waitFor();
  await builder.scrollIntoViewIfNeeded();
  await builder.screenshot({ path: `${out}/quote-too-many-guests-${width}.png` });
  await builder.getByTestId("quote-guests").fill("");
  await builder.getByTestId("quote-city").selectOption(chef.city === "New York" ? "Paris" : "New York");
  await builder.screenshot({ path: `${out}/quote-unreadable-and-far-${width}.png` });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(width, "overflow px:", overflow);
  await page.close();
}
await browser.close();
