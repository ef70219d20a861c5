import { expect, Page, test } from "@playwright/test";
import { lisbonChefWithOneDish, platformDay, signUp } from "./support/accounts";
import { waitForHydration } from "./support/pages";

/**
 * Presses Tab until the control with `testId` has the focus, as a keyboard user would, and
 * checks that the focus can be seen there. Fails if the control is not reachable in `limit`
 * presses.
 */
async function tabTo(page: Page, testId: string, limit = 150) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    if (focused === testId) {
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow };
      });
      const visible = (ring.outline !== "none" && ring.width !== "0px") || ring.shadow !== "none";
      expect(visible, `the focus on ${testId} can be seen (${JSON.stringify(ring)})`).toBe(true);
      return;
    }
  }
  throw new Error(`${testId} was not reached with ${limit} presses of Tab`);
}

test("a customer books and pays with the keyboard alone, every control reachable with the focus visible", async ({ browser }) => {
  const stamp = Date.now();
  const chef = await browser.newContext();
  const customer = await browser.newContext();
  const chefId = await lisbonChefWithOneDish(chef.request, `leonor.${stamp}@example.com`, "Leonor Pais", "Polvo à lagareiro");
  await signUp(customer.request, `duarte.${stamp}@example.com`, "Duarte Lima", false);
  const eventDay = await platformDay(customer.request, 12);

  const page = await customer.newPage();
  await page.goto(`/chefs/${chefId}`);
  await waitForHydration(page);

  // Pick the dish with the space bar, type the guests and the date, choose the occasion.
  await tabTo(page, "quote-dish");
  await page.keyboard.press("Space");
  await expect(page.getByTestId("quote-dish").first()).toBeChecked();
  await tabTo(page, "quote-guests");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("14");
  await expect(page.getByTestId("quote-bar-price")).toHaveText(/for 14 guests/);
  await tabTo(page, "quote-date");
  const [year, month, day] = eventDay.split("-");
  // Month, day and year fields in the browser's (US English) order. A digit that could
  // start a longer number ("1" for a month, "3" for a day) waits for the next: move on with
  // the arrow key then, as a person would.
  await page.keyboard.type(String(Number(month)));
  if (Number(month) <= 1) await page.keyboard.press("ArrowRight");
  await page.keyboard.type(String(Number(day)));
  if (Number(day) <= 3) await page.keyboard.press("ArrowRight");
  await page.keyboard.type(year);
  await expect(page.getByTestId("quote-date")).toHaveValue(eventDay);
  await tabTo(page, "booking-kind");
  const occasion = await page.getByTestId("booking-kind").inputValue();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("booking-kind")).not.toHaveValue(occasion);
  await tabTo(page, "booking-message");
  await page.keyboard.type("Dinner for my parents' anniversary.");

  // Enter on the button sends the request.
  await tabTo(page, "booking-submit");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/bookings\/\d+$/);
  const bookingId = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.getByTestId("booking-state")).toHaveText("Waiting for the chef");

  // The chef accepts; the card form appears live and is filled and sent from the keyboard.
  expect((await chef.request.post(`/api/v1/bookings/${bookingId}/accept`)).status()).toBe(200);
  await expect(page.getByTestId("card-number")).toBeVisible();
  await tabTo(page, "card-number");
  await page.keyboard.type("4242 4242 4242 4242");
  await tabTo(page, "card-cvc");
  await page.keyboard.type("123");
  await tabTo(page, "pay");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("booking-state")).toHaveText("Paid: held until after the event");
});
